using System.Security.Cryptography;
using System.Text;

namespace Platform.Data.Security;

/// <summary>A newly issued API key: the secret is shown to its owner once; only prefix and hash are stored.</summary>
public sealed record IssuedApiKey(string Secret, string Prefix, string Hash);

/// <summary>
/// The format and hash of API keys, shared by the web app (which checks them) and the command line (which
/// issues them). A key is <c>tb_&lt;prefix&gt;_&lt;secret&gt;</c>: the prefix finds the row, the rest carries
/// 256 random bits. Because the key is random and long, a single SHA-256 is the right hash: a slow password
/// hash only protects guessable secrets, and would make every API request pay for it.
/// </summary>
public static class ApiKeyTokens
{
    private const string Marker = "tb_";
    private const int PrefixLength = 12;

    public static IssuedApiKey Issue()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"{Marker}{prefix}_{secret}";
        return new IssuedApiKey(key, prefix, Hash(key));
    }

    /// <summary>Splits a presented key into its prefix; false when it does not have the shape of a key.</summary>
    public static bool TryGetPrefix(string presented, out string prefix)
    {
        prefix = "";
        if (!presented.StartsWith(Marker, StringComparison.Ordinal) || presented.Length < Marker.Length + PrefixLength + 2 ||
            presented[Marker.Length + PrefixLength] != '_')
        {
            return false;
        }
        prefix = presented.Substring(Marker.Length, PrefixLength);
        return true;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares in constant time so the response time says nothing about how much of a hash matched.</summary>
    public static bool Matches(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
