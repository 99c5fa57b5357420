using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace ShopifyRecovery.App.Platform;

/// <summary>The raw body of a signed post (Shopify, SendGrid): the signature covers exactly these bytes.</summary>
public static class SignedBody
{
    /// <returns>The bytes, or null when the body exceeds <paramref name="limit"/> (answer 413).</returns>
    public static async Task<byte[]?> ReadAsync(HttpContext context, int limit, CancellationToken ct)
    {
        if (context.Request.ContentLength > limit)
            return null;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit + 1L;
        var reader = context.Request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                if (read.Buffer.Length > limit)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return null;
                }
                if (read.IsCompleted)
                {
                    var bytes = read.Buffer.ToArray();
                    reader.AdvanceTo(read.Buffer.End);
                    return bytes;
                }
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
