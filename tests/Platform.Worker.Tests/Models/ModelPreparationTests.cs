using Platform.Worker.Models;

namespace Platform.Worker.Tests.Models;

public sealed class ModelPreparationTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1_500, "1.5 KB")]
    [InlineData(123_456_789, "123 MB")]
    [InlineData(4_700_000_000, "4.7 GB")]
    public void Sizes_are_written_in_the_largest_fitting_unit(long bytes, string expected) =>
        Assert.Equal(expected, ModelPreparation.Size(bytes));

    [Fact]
    public void The_description_follows_the_download_and_then_the_load()
    {
        var preparation = new ModelPreparation();
        Assert.Null(preparation.Describe());

        var meter = new DownloadMeter();
        preparation.Downloading(meter);
        Assert.Equal("Downloading the model: 0 B so far", preparation.Describe());
        meter.Report(new DownloadProgress(1_200_000_000, 4_700_000_000));
        Assert.Equal("Downloading the model: 1.2 GB of 4.7 GB (25%)", preparation.Describe());

        preparation.Downloading(null);
        preparation.Loading(true);
        Assert.Equal("Loading the model", preparation.Describe());
        preparation.Loading(false);
        Assert.Null(preparation.Describe());
    }
}
