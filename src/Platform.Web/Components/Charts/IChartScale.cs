namespace Platform.Web.Components.Charts;

/// <summary>Maps data values to pixel positions along one axis and says where the tick marks go.</summary>
public interface IChartScale
{
    double DomainMin { get; }
    double DomainMax { get; }
    double RangeStart { get; }
    double RangeEnd { get; }
    IReadOnlyList<double> Ticks { get; }
    double Map(double value);
}
