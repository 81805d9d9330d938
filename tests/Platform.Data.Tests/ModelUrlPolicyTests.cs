using System.Net;
using Platform.Data.Security;

namespace Platform.Data.Tests;

public sealed class ModelUrlPolicyTests
{
    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Public_addresses_pass(string address)
    {
        Assert.Null(ModelUrlPolicy.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("10.200.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.10", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.100.100.200", "carrier-grade NAT")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("192.0.0.192", "IETF protocol")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped form of a loopback")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped form of a private")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped form of a link-local")]
    [InlineData("64:ff9b::7f00:1", "NAT64 form of a loopback")]
    [InlineData("2002:7f00:1::", "6to4 form of a loopback")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("2001::1", "Teredo")]
    [InlineData("::127.0.0.1", "IPv4-compatible")]
    [InlineData("4000::1", "reserved")]
    public void Non_public_addresses_are_named(string address, string kind)
    {
        Assert.Contains(kind, ModelUrlPolicy.Classify(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task Every_address_of_a_name_is_checked_and_private_ones_pass_only_when_allowed()
    {
        Task<IPAddress[]> Both(string host, CancellationToken _) => Task.FromResult(new[] { IPAddress.Parse("8.8.8.8"), IPAddress.Parse("192.168.1.5") });
        var strict = new ModelUrlPolicy(new ModelDownloadOptions(), Both);
        var open = new ModelUrlPolicy(new ModelDownloadOptions { AllowPrivateAddresses = true }, Both);

        var refused = await strict.CheckAsync("https://models.test/m.gguf", CancellationToken.None);

        Assert.Contains("192.168.1.5, a private address", refused);
        Assert.Null(await open.CheckAsync("https://models.test/m.gguf", CancellationToken.None));
    }

    [Theory]
    [InlineData("http://models.test/m.gguf", "not an https URL")]
    [InlineData("ftp://models.test/m.gguf", "not an https URL")]
    [InlineData("/m.gguf", "not an https URL")]
    [InlineData("https://models.test/m.bin", "does not name a .gguf")]
    [InlineData("https://u:p@models.test/m.gguf", "user name or password")]
    [InlineData("https://@models.test/m.gguf", "user name or password")]
    public void The_form_of_the_url_is_checked_without_a_lookup(string url, string message)
    {
        Assert.Contains(message, ModelUrlPolicy.CheckForm(url, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("https://u:p@models.test/a/m.gguf?x=1", "https://models.test/a/m.gguf?x=1")]
    [InlineData("https://models.test/a/m.gguf", "https://models.test/a/m.gguf")]
    [InlineData("/srv/models/m.gguf", "/srv/models/m.gguf")]
    public void Redact_removes_only_credentials(string location, string returned)
    {
        Assert.Equal(returned, ModelUrlPolicy.Redact(location));
    }

    [Fact]
    public void Display_drops_credentials_and_query()
    {
        Assert.Equal("https://models.test:8443/a/m.gguf", ModelUrlPolicy.Display(new Uri("https://u:p@models.test:8443/a/m.gguf?token=t")));
    }
}
