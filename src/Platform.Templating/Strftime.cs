using System.Globalization;
using System.Text;

namespace Platform.Templating;

/// <summary>C's strftime in the "C" locale, for the directives chat templates use.</summary>
internal static class Strftime
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Format(string format, DateTime t)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length) { sb.Append(format[i]); continue; }
            char c = format[++i];
            if (c is '-' && i + 1 < format.Length)
            {
                // glibc's %-d etc.: no padding.
                char d = format[++i];
                sb.Append(d switch
                {
                    'd' => t.Day.ToString(Inv), 'm' => t.Month.ToString(Inv), 'H' => t.Hour.ToString(Inv),
                    'I' => (t.Hour % 12 == 0 ? 12 : t.Hour % 12).ToString(Inv), 'M' => t.Minute.ToString(Inv),
                    'S' => t.Second.ToString(Inv), 'j' => t.DayOfYear.ToString(Inv), _ => "%-" + d,
                });
                continue;
            }
            sb.Append(c switch
            {
                'a' => t.ToString("ddd", Inv), 'A' => t.ToString("dddd", Inv),
                'b' or 'h' => t.ToString("MMM", Inv), 'B' => t.ToString("MMMM", Inv),
                'd' => t.ToString("dd", Inv), 'e' => t.Day.ToString(Inv).PadLeft(2), 'm' => t.ToString("MM", Inv),
                'y' => t.ToString("yy", Inv), 'Y' => t.Year.ToString(Inv), 'C' => (t.Year / 100).ToString("00", Inv),
                'H' => t.ToString("HH", Inv), 'I' => t.ToString("hh", Inv), 'M' => t.ToString("mm", Inv),
                'S' => t.ToString("ss", Inv), 'p' => t.Hour < 12 ? "AM" : "PM", 'j' => t.DayOfYear.ToString("000", Inv),
                'F' => t.ToString("yyyy-MM-dd", Inv), 'D' => t.ToString("MM/dd/yy", Inv), 'T' => t.ToString("HH:mm:ss", Inv),
                'R' => t.ToString("HH:mm", Inv), 'u' => (t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek).ToString(Inv),
                'w' => ((int)t.DayOfWeek).ToString(Inv), 'n' => "\n", 't' => "\t", '%' => "%",
                'Z' => "UTC", 'z' => "+0000",
                'c' => t.ToString("ddd MMM ", Inv) + t.Day.ToString(Inv).PadLeft(2) + t.ToString(" HH:mm:ss yyyy", Inv),
                'x' => t.ToString("MM/dd/yy", Inv), 'X' => t.ToString("HH:mm:ss", Inv),
                _ => "%" + c,
            });
        }
        return sb.ToString();
    }
}
