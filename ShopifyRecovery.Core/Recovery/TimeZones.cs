namespace ShopifyRecovery.Recovery;

/// <summary>
/// The shopper's time zone for quiet hours, guessed from the address (checkouts carry no zone). Countries spanning
/// several zones are resolved by province where it matters most; anything unknown falls back to the shop's zone.
/// </summary>
public static class TimeZones
{
    public static string? FromAddress(string? countryCode, string? provinceCode)
    {
        if (string.IsNullOrWhiteSpace(countryCode))
            return null;
        var country = countryCode.Trim().ToUpperInvariant();
        var province = provinceCode?.Trim().ToUpperInvariant();
        if (province is not null && ByProvince.TryGetValue(country, out var provinces) && provinces.TryGetValue(province, out var zone))
            return zone;
        return ByCountry.GetValueOrDefault(country);
    }

    /// <summary>The zone to use at send time: the journey's, else the shop's, else UTC.</summary>
    public static TimeZoneInfo Resolve(string? journeyZone, string? shopZone)
    {
        foreach (var id in new[] { journeyZone, shopZone })
        {
            if (string.IsNullOrWhiteSpace(id))
                continue;
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
                return zone;
        }
        return TimeZoneInfo.Utc;
    }

    static readonly Dictionary<string, string> ByCountry = new()
    {
        ["US"] = "America/New_York", ["CA"] = "America/Toronto", ["MX"] = "America/Mexico_City", ["BR"] = "America/Sao_Paulo",
        ["AR"] = "America/Argentina/Buenos_Aires", ["CL"] = "America/Santiago", ["CO"] = "America/Bogota", ["PE"] = "America/Lima",
        ["GB"] = "Europe/London", ["IE"] = "Europe/Dublin", ["PT"] = "Europe/Lisbon", ["ES"] = "Europe/Madrid", ["FR"] = "Europe/Paris",
        ["BE"] = "Europe/Brussels", ["NL"] = "Europe/Amsterdam", ["LU"] = "Europe/Luxembourg", ["DE"] = "Europe/Berlin",
        ["AT"] = "Europe/Vienna", ["CH"] = "Europe/Zurich", ["IT"] = "Europe/Rome", ["DK"] = "Europe/Copenhagen", ["NO"] = "Europe/Oslo",
        ["SE"] = "Europe/Stockholm", ["FI"] = "Europe/Helsinki", ["IS"] = "Atlantic/Reykjavik", ["PL"] = "Europe/Warsaw",
        ["CZ"] = "Europe/Prague", ["SK"] = "Europe/Bratislava", ["HU"] = "Europe/Budapest", ["SI"] = "Europe/Ljubljana",
        ["HR"] = "Europe/Zagreb", ["RO"] = "Europe/Bucharest", ["BG"] = "Europe/Sofia", ["GR"] = "Europe/Athens", ["CY"] = "Asia/Nicosia",
        ["MT"] = "Europe/Malta", ["EE"] = "Europe/Tallinn", ["LV"] = "Europe/Riga", ["LT"] = "Europe/Vilnius", ["LI"] = "Europe/Vaduz",
        ["UA"] = "Europe/Kyiv", ["TR"] = "Europe/Istanbul", ["RU"] = "Europe/Moscow", ["IL"] = "Asia/Jerusalem", ["AE"] = "Asia/Dubai",
        ["SA"] = "Asia/Riyadh", ["IN"] = "Asia/Kolkata", ["SG"] = "Asia/Singapore", ["MY"] = "Asia/Kuala_Lumpur", ["TH"] = "Asia/Bangkok",
        ["VN"] = "Asia/Ho_Chi_Minh", ["PH"] = "Asia/Manila", ["ID"] = "Asia/Jakarta", ["HK"] = "Asia/Hong_Kong", ["TW"] = "Asia/Taipei",
        ["CN"] = "Asia/Shanghai", ["JP"] = "Asia/Tokyo", ["KR"] = "Asia/Seoul", ["AU"] = "Australia/Sydney", ["NZ"] = "Pacific/Auckland",
        ["ZA"] = "Africa/Johannesburg", ["NG"] = "Africa/Lagos", ["KE"] = "Africa/Nairobi", ["EG"] = "Africa/Cairo", ["MA"] = "Africa/Casablanca",
    };

    static readonly Dictionary<string, Dictionary<string, string>> ByProvince = new()
    {
        ["US"] = Group(
            ("America/Chicago", "AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI"),
            ("America/Denver", "CO MT NM UT WY ID"),
            ("America/Phoenix", "AZ"),
            ("America/Los_Angeles", "CA NV OR WA"),
            ("America/Anchorage", "AK"),
            ("Pacific/Honolulu", "HI"),
            ("America/Puerto_Rico", "PR VI")),
        ["CA"] = Group(
            ("America/Vancouver", "BC YT"),
            ("America/Edmonton", "AB NT"),
            ("America/Regina", "SK"),
            ("America/Winnipeg", "MB NU"),
            ("America/Halifax", "NS NB PE"),
            ("America/St_Johns", "NL")),
        ["AU"] = Group(
            ("Australia/Perth", "WA"),
            ("Australia/Adelaide", "SA"),
            ("Australia/Darwin", "NT"),
            ("Australia/Brisbane", "QLD"),
            ("Australia/Hobart", "TAS"),
            ("Australia/Melbourne", "VIC")),
        ["MX"] = Group(("America/Tijuana", "BC"), ("America/Hermosillo", "SON"), ("America/Cancun", "ROO")),
        ["BR"] = Group(("America/Manaus", "AM RR RO"), ("America/Cuiaba", "MT MS"), ("America/Recife", "PE PB RN AL")),
    };

    static Dictionary<string, string> Group(params (string Zone, string Codes)[] groups) =>
        groups.SelectMany(g => g.Codes.Split(' ').Select(code => (code, g.Zone))).ToDictionary(x => x.code, x => x.Zone);
}
