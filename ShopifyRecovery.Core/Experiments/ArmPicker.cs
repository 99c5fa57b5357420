using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ShopifyRecovery.Experiments;

/// <summary>
/// Which arm a journey is in: a hash of (experiment id, journey id) mapped onto the arms' weights. The same journey
/// always lands in the same arm (a redelivered step, the scheduler and the sender all agree, with nothing stored),
/// and the experiment id in the hash keeps arms independent of the holdout (a hash of the journey id alone) and of
/// other experiments.
/// </summary>
public static class ArmPicker
{
    public static ExperimentArm Pick(long experimentId, Guid journeyId, IReadOnlyList<ExperimentArm> arms)
    {
        if (arms.Count == 0)
            throw new ArgumentException("An experiment has at least one arm.", nameof(arms));
        var total = arms.Sum(a => (long)a.Weight);
        if (total <= 0)
            throw new ArgumentException("The arms' weights must add up to more than zero.", nameof(arms));
        var position = (long)(Hash(experimentId, journeyId) % (ulong)total);
        foreach (var arm in arms)
        {
            position -= arm.Weight;
            if (position < 0)
                return arm;
        }
        return arms[^1];
    }

    /// <summary>The first 64 bits of SHA-256 over both ids; with weights below 1,000 the modulo bias is under 1e-16.</summary>
    static ulong Hash(long experimentId, Guid journeyId)
    {
        Span<byte> input = stackalloc byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(input, experimentId);
        journeyId.TryWriteBytes(input[8..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
