using System.Security.Cryptography;

namespace ShopifyRecovery.Recovery;

/// <summary>The control group that measures lift: a fixed share of journeys, chosen by a hash of the journey id.</summary>
public static class Holdout
{
    public static bool IsHeldOut(Guid journeyId, decimal percent)
    {
        if (percent <= 0)
            return false;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(journeyId.ToByteArray(), hash);
        var bucket = BitConverter.ToUInt32(hash[..4]) % 10_000;
        return bucket < percent * 100m;
    }
}
