using Microsoft.AspNetCore.Http.HttpResults;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.App.Reports;

public sealed record DeclareWinnerRequest(string? Arm);

/// <summary>Experiments CRUD and their life cycle; results are the experiment's own page.</summary>
public static class ExperimentEndpoints
{
    public static RouteGroupBuilder MapExperiments(this RouteGroupBuilder api)
    {
        var experiments = api.MapGroup("/experiments");
        experiments.MapGet("/", List);
        experiments.MapPost("/", Create);
        experiments.MapGet("/{id:long}", Results);
        experiments.MapPost("/{id:long}/start", Start);
        experiments.MapPost("/{id:long}/declare-winner", DeclareWinner);
        experiments.MapPost("/{id:long}/stop", Stop);
        return experiments;
    }

    static async Task<Ok<IReadOnlyList<ExperimentView>>> List(CurrentShop shop, ExperimentService experiments, CancellationToken ct) =>
        TypedResults.Ok(await experiments.ListAsync(shop.Id, ct));

    static async Task<Results<Created<ExperimentView>, ValidationProblem>> Create(ExperimentDraft draft, CurrentShop shop,
        ExperimentService experiments, CancellationToken ct) =>
        await experiments.CreateAsync(shop.Id, draft, ct) switch
        {
            ExperimentChange.Done done => TypedResults.Created($"/api/experiments/{done.Experiment.Id}", done.Experiment),
            ExperimentChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors.ToProblemErrors()),
            var other => throw new InvalidOperationException($"Creating an experiment cannot end as {other}."),
        };

    static async Task<Results<Ok<ExperimentResults>, NotFound>> Results(long id, CurrentShop shop, ExperimentService experiments, CancellationToken ct) =>
        await experiments.ResultsAsync(shop.Id, id, ct) is { } results ? TypedResults.Ok(results) : TypedResults.NotFound();

    static async Task<Results<Ok<ExperimentView>, NotFound, ValidationProblem, ProblemHttpResult>> Start(long id, CurrentShop shop,
        ExperimentService experiments, CancellationToken ct) =>
        Answer(await experiments.StartAsync(shop.Id, id, ct));

    static async Task<Results<Ok<ExperimentView>, NotFound, ValidationProblem, ProblemHttpResult>> DeclareWinner(long id,
        DeclareWinnerRequest request, CurrentShop shop, ExperimentService experiments, CancellationToken ct) =>
        Answer(await experiments.DeclareWinnerAsync(shop.Id, id, request.Arm, ct));

    static async Task<Results<Ok<ExperimentView>, NotFound, ValidationProblem, ProblemHttpResult>> Stop(long id, CurrentShop shop,
        ExperimentService experiments, CancellationToken ct) =>
        Answer(await experiments.StopAsync(shop.Id, id, ct));

    static Results<Ok<ExperimentView>, NotFound, ValidationProblem, ProblemHttpResult> Answer(ExperimentChange change) => change switch
    {
        ExperimentChange.Done done => TypedResults.Ok(done.Experiment),
        ExperimentChange.NotFound => TypedResults.NotFound(),
        ExperimentChange.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors.ToProblemErrors()),
        ExperimentChange.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: conflict.Reason),
        _ => throw new InvalidOperationException($"Unexpected outcome {change}."),
    };
}
