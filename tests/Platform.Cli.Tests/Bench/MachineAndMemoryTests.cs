using Platform.Cli.Bench;

namespace Platform.Cli.Tests.Bench;

public class MachineAndMemoryTests
{
    [Fact]
    public void Peak_memory_is_read_from_the_VmHWM_line_in_bytes()
    {
        const string status = "Name:\tthoughtboard\nVmPeak:\t 9000000 kB\nVmHWM:\t  734512 kB\nVmRSS:\t  700000 kB\n";

        Assert.Equal(734512L * 1024, PeakMemory.PeakBytesFromStatus(status));
    }

    [Fact]
    public void A_status_without_VmHWM_is_an_error_not_zero()
    {
        Assert.Throws<FormatException>(() => PeakMemory.PeakBytesFromStatus("Name:\tx\nVmRSS:\t 1 kB\n"));
    }

    [Fact]
    public void The_peak_of_this_very_process_is_positive()
    {
        Assert.True(PeakMemory.CurrentProcessPeakBytes() > 0);
    }

    [Fact]
    public void The_cpu_model_is_the_first_model_name_in_cpuinfo()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9654 96-Core Processor\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 9654 96-Core Processor\n";

        Assert.Equal("AMD EPYC 9654 96-Core Processor", MachineDescription.CpuModel(cpuinfo));
        Assert.Null(MachineDescription.CpuModel("processor\t: 0\n"));
    }
}
