using System.Security.Cryptography;
using System.Text;

namespace Platform.Evaluation.Datasets;

/// <summary>The SHA-256 of a text (UTF-8), as lower-case hex: what content hashes, prompt hashes and identities are made of.</summary>
public static class Hashing
{
    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
