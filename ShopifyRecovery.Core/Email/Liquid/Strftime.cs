using System.Globalization;
using System.Text;

namespace ShopifyRecovery.Email.Liquid;

/// <summary>The strftime directives Liquid's <c>date</c> filter understands (English month and day names).</summary>
static class Strftime
{
    public static string Format(DateTimeOffset value, string format, string? zoneName)
    {
        var names = CultureInfo.InvariantCulture.DateTimeFormat;
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i == format.Length - 1)
            {
                builder.Append(format[i]);
                continue;
            }
            var noPad = format[i + 1] == '-' && i + 2 < format.Length;
            if (noPad) i++;
            var directive = format[++i];
            string Pad(int number, int width = 2) =>
                noPad ? number.ToString(CultureInfo.InvariantCulture) : number.ToString(new string('0', width), CultureInfo.InvariantCulture);
            builder.Append(directive switch
            {
                'Y' => value.Year.ToString(CultureInfo.InvariantCulture),
                'y' => Pad(value.Year % 100),
                'm' => Pad(value.Month),
                'd' => Pad(value.Day),
                'e' => value.Day.ToString(CultureInfo.InvariantCulture).PadLeft(noPad ? 0 : 2),
                'B' => names.GetMonthName(value.Month),
                'b' or 'h' => names.GetAbbreviatedMonthName(value.Month),
                'A' => names.GetDayName(value.DayOfWeek),
                'a' => names.GetAbbreviatedDayName(value.DayOfWeek),
                'H' => Pad(value.Hour),
                'I' => Pad(value.Hour % 12 == 0 ? 12 : value.Hour % 12),
                'l' => (value.Hour % 12 == 0 ? 12 : value.Hour % 12).ToString(CultureInfo.InvariantCulture),
                'M' => Pad(value.Minute),
                'S' => Pad(value.Second),
                'p' => value.Hour < 12 ? "AM" : "PM",
                'P' => value.Hour < 12 ? "am" : "pm",
                'j' => Pad(value.DayOfYear, 3),
                'z' => (value.Offset < TimeSpan.Zero ? "-" : "+") + value.Offset.ToString("hhmm", CultureInfo.InvariantCulture),
                'Z' => zoneName ?? (value.Offset == TimeSpan.Zero ? "UTC" : "UTC" + (value.Offset < TimeSpan.Zero ? "-" : "+") + value.Offset.ToString(@"h\:mm", CultureInfo.InvariantCulture)),
                '%' => "%",
                _ => "%" + directive,
            });
        }
        return builder.ToString();
    }
}
