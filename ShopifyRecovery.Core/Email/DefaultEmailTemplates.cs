namespace ShopifyRecovery.Email;

/// <summary>
/// The shipped templates, good enough to send as they are. Steps: 1 reminder (no incentive), 2 value
/// reinforcement (help, secure checkout, saved cart), 3 and later last chance (the incentive when there is one).
/// Variants: "default", and "vip" for returning high-value customers (thanks them, no hard sell). An unknown
/// variant falls back to "default", so a segment rule naming a variant without its own template still sends.
/// </summary>
static class DefaultEmailTemplates
{
    public const string DefaultVariant = "default";
    public const string VipVariant = "vip";

    public static IReadOnlyList<string> Variants { get; } = [DefaultVariant, VipVariant];

    sealed record Copy(string Subject, string Preheader, string Headline, string IntroHtml, string IntroText, string Button, string? ExtraHtml = null, string? ExtraText = null);

    public static TemplateSource For(int stepNumber, string variant)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepNumber, 1);
        var vip = string.Equals(variant, VipVariant, StringComparison.OrdinalIgnoreCase);
        var copy = (Math.Min(stepNumber, 3), vip) switch
        {
            (1, false) => Reminder,
            (1, true) => VipReminder,
            (2, false) => Value,
            (2, true) => VipValue,
            (_, false) => LastChance,
            (_, true) => VipLastChance,
        };
        return new TemplateSource(copy.Subject, copy.Preheader, Html(copy), Text(copy));
    }

    const string Greeting = "{% if customer.first_name %}Hi {{ customer.first_name }},{% else %}Hi there,{% endif %}";

    static readonly Copy Reminder = new(
        Subject: "You left something in your cart at {{ shop.name }}",
        Preheader: "Your cart is saved. Pick up right where you left off.",
        Headline: "Did you forget something?",
        IntroHtml: Greeting + "</p><p style=\"margin:0 0 16px;\">you left {{ cart.item_count }} {{ cart.item_count | pluralize: 'item', 'items' }} in your cart. We saved it for you, so you can finish your order in a click.",
        IntroText: Greeting + "\n\nyou left {{ cart.item_count }} {{ cart.item_count | pluralize: 'item', 'items' }} in your cart. We saved it for you, so you can finish your order in a click.",
        Button: "Return to your cart");

    static readonly Copy VipReminder = new(
        Subject: "{% if customer.first_name %}{{ customer.first_name }}, your{% else %}Your{% endif %} cart at {{ shop.name }} is saved",
        Preheader: "Thanks for being a regular. Your cart is just as you left it.",
        Headline: "Your cart is waiting for you",
        IntroHtml: Greeting + "</p><p style=\"margin:0 0 16px;\">thank you for being one of our regular customers. You didn't quite finish checking out, so we kept your cart exactly as you left it.",
        IntroText: Greeting + "\n\nthank you for being one of our regular customers. You didn't quite finish checking out, so we kept your cart exactly as you left it.",
        Button: "Finish your order");

    const string ReassuranceHtml = """
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">
                <tr><td style="padding:6px 0;font-size:15px;color:#333333;">&#10003;&nbsp; <strong>Questions?</strong> Reply to this email and someone from {{ shop.name }} will help.</td></tr>
                <tr><td style="padding:6px 0;font-size:15px;color:#333333;">&#10003;&nbsp; <strong>Secure checkout</strong> powered by Shopify.</td></tr>
                <tr><td style="padding:6px 0;font-size:15px;color:#333333;">&#10003;&nbsp; <strong>Your cart is saved</strong> on any device, so you can pick up where you left off.</td></tr>
              </table>
""";

    const string ReassuranceText = """
- Questions? Reply to this email and someone from {{ shop.name }} will help.
- Secure checkout powered by Shopify.
- Your cart is saved on any device, so you can pick up where you left off.
""";

    static readonly Copy Value = new(
        Subject: "Still thinking it over?",
        Preheader: "Questions about your order? Just reply to this email.",
        Headline: "Still deciding? We're here to help.",
        IntroHtml: Greeting + "</p><p style=\"margin:0 0 16px;\">good things deserve a second look. Your cart at {{ shop.name }} is still saved, and if anything is holding you back, we'd love to help.",
        IntroText: Greeting + "\n\ngood things deserve a second look. Your cart at {{ shop.name }} is still saved, and if anything is holding you back, we'd love to help.",
        Button: "View your cart",
        ExtraHtml: ReassuranceHtml,
        ExtraText: ReassuranceText);

    static readonly Copy VipValue = new(
        Subject: "Anything we can help with{% if customer.first_name %}, {{ customer.first_name }}{% endif %}?",
        Preheader: "Reply to this email and we'll answer personally.",
        Headline: "Anything we can help with?",
        IntroHtml: Greeting + "</p><p style=\"margin:0 0 16px;\">as one of our regular customers, you can always reach us directly. If a size, a delivery date or anything else is holding up your order, just reply and we'll sort it out.",
        IntroText: Greeting + "\n\nas one of our regular customers, you can always reach us directly. If a size, a delivery date or anything else is holding up your order, just reply and we'll sort it out.",
        Button: "View your cart",
        ExtraHtml: ReassuranceHtml,
        ExtraText: ReassuranceText);

    const string OfferHtml = "{% if discount %}here is something to help you decide: {{ discount.percentage }}{% endif %}";

    static readonly Copy LastChance = new(
        Subject: "{% if discount %}A little something to finish your order at {{ shop.name }}{% else %}Last call for your cart at {{ shop.name }}{% endif %}",
        Preheader: "{% if discount %}Your code is applied when you return to your cart. It expires soon.{% else %}We can't hold your cart much longer.{% endif %}",
        Headline: "{% if discount %}A little something for you{% else %}Last call for your cart{% endif %}",
        IntroHtml: Greeting + "</p><p style=\"margin:0 0 16px;\">{% if discount %}your cart is still waiting, and here's a little something to help you decide. The code is applied automatically when you use the button below.{% else %}this is our last reminder: we can't hold your cart much longer, and popular items can sell out.{% endif %}",
        IntroText: Greeting + "\n\n{% if discount %}your cart is still waiting, and here's a little something to help you decide. The code is applied automatically when you use the link below.{% else %}this is our last reminder: we can't hold your cart much longer, and popular items can sell out.{% endif %}",
        Button: "{% if discount %}Claim your offer{% else %}Complete your order{% endif %}");

    static readonly Copy VipLastChance = new(
        Subject: "{% if discount %}A thank-you from {{ shop.name }}, just for you{% else %}Your cart at {{ shop.name }} expires soon{% endif %}",
        Preheader: "{% if discount %}A thank-you for being a regular. Applied when you return to your cart.{% else %}We'll keep it a little longer for you.{% endif %}",
        Headline: "{% if discount %}A thank-you, just for you{% else %}Your cart expires soon{% endif %}",
        IntroHtml: Greeting + "</p><p style=\"margin:0 0 16px;\">{% if discount %}you've been a great customer, so here's a thank-you toward the order you started. It's applied automatically when you use the button below.{% else %}your cart is still saved, but not for much longer. Complete your order whenever you're ready.{% endif %}",
        IntroText: Greeting + "\n\n{% if discount %}you've been a great customer, so here's a thank-you toward the order you started. It's applied automatically when you use the link below.{% else %}your cart is still saved, but not for much longer. Complete your order whenever you're ready.{% endif %}",
        Button: "{% if discount %}Use my thank-you{% else %}Complete your order{% endif %}");

    const string DiscountHtml = """
              {% if discount %}
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
                <tr>
                  <td align="center" style="border:2px dashed #111111;border-radius:8px;padding:18px;">
                    <div style="font-size:16px;color:#333333;">{% if discount.percentage %}{{ discount.percentage }}% off your order{% if discount.free_shipping %} + free shipping{% endif %}{% elsif discount.free_shipping %}Free shipping on your order{% endif %}</div>
                    <div style="font-size:24px;font-weight:bold;letter-spacing:2px;color:#111111;margin:8px 0;">{{ discount.codes | join: ' + ' }}</div>
                    <div style="font-size:13px;color:#666666;">Expires {{ discount.expires_at | date: "%B %-d, %Y at %H:%M %Z" }}</div>
                  </td>
                </tr>
              </table>
              {% endif %}
""";

    const string DiscountText = """
{% if discount %}
{% if discount.percentage %}{{ discount.percentage }}% off your order{% if discount.free_shipping %} + free shipping{% endif %}{% elsif discount.free_shipping %}Free shipping on your order{% endif %}
Code: {{ discount.codes | join: ' + ' }}
Expires {{ discount.expires_at | date: "%B %-d, %Y at %H:%M %Z" }}
{% endif %}
""";

    static string Html(Copy copy) => $$$"""
<!DOCTYPE html>
<html lang="en">
<head>
<title>{{ shop.name }}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f4f5;">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f4f5;">
    <tr>
      <td align="center" style="padding:24px 12px;">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border-radius:8px;font-family:Helvetica,Arial,sans-serif;color:#111111;">
          <tr>
            <td style="padding:24px 32px;border-bottom:1px solid #eeeeee;font-size:20px;font-weight:bold;">{{ shop.name }}</td>
          </tr>
          <tr>
            <td style="padding:32px;">
              <h1 style="margin:0 0 16px;font-size:24px;line-height:1.3;">{{{copy.Headline}}}</h1>
              <p style="margin:0 0 16px;font-size:16px;line-height:1.5;">{{{copy.IntroHtml}}}</p>
{{{copy.ExtraHtml}}}{{{DiscountHtml}}}
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;">
                {% for line in cart.lines %}
                <tr>
                  <td width="72" valign="top" style="padding:12px 0;border-bottom:1px solid #eeeeee;">{% if line.image_url %}<img src="{{ line.image_url }}" width="64" height="64" alt="{{ line.title }}" style="display:block;width:64px;height:64px;border-radius:6px;object-fit:cover;">{% endif %}</td>
                  <td valign="top" style="padding:12px;border-bottom:1px solid #eeeeee;font-size:15px;">
                    <div style="font-weight:bold;">{{ line.title }}</div>
                    {% if line.variant_title %}<div style="color:#666666;font-size:13px;">{{ line.variant_title }}</div>{% endif %}
                    <div style="color:#666666;font-size:13px;">Qty {{ line.quantity }} &times; {{ line.price | money }}</div>
                  </td>
                  <td align="right" valign="top" style="padding:12px 0;border-bottom:1px solid #eeeeee;font-size:15px;white-space:nowrap;">{{ line.line_price | money }}</td>
                </tr>
                {% endfor %}
                {% if cart.subtotal != cart.total %}
                <tr>
                  <td></td>
                  <td style="padding:12px 12px 0;font-size:15px;color:#666666;">Subtotal</td>
                  <td align="right" style="padding:12px 0 0;font-size:15px;color:#666666;white-space:nowrap;">{{ cart.subtotal | money }}</td>
                </tr>
                {% endif %}
                <tr>
                  <td></td>
                  <td style="padding:8px 12px 0;font-size:16px;font-weight:bold;">Total</td>
                  <td align="right" style="padding:8px 0 0;font-size:16px;font-weight:bold;white-space:nowrap;">{{ cart.total | money_with_currency }}</td>
                </tr>
              </table>
              <table role="presentation" cellpadding="0" cellspacing="0" border="0" align="center" style="margin:24px auto 8px;">
                <tr>
                  <td align="center" bgcolor="#111111" style="border-radius:6px;">
                    <a href="{{ recovery_url }}" target="_blank" style="display:inline-block;padding:14px 32px;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">{{{copy.Button}}}</a>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
          <tr>
            <td style="padding:24px 32px;border-top:1px solid #eeeeee;font-size:12px;line-height:1.6;color:#666666;">
              You're receiving this email because you started a checkout at {{ shop.name }}.<br>
              <a href="{{ unsubscribe_url }}" style="color:#666666;">Unsubscribe</a> from cart reminders.<br>
              {{ shop.name }}{% if shop.address %} &middot; {{ shop.address }}{% endif %}
            </td>
          </tr>
        </table>
      </td>
    </tr>
  </table>
</body>
</html>
""";

    static string Text(Copy copy) => $$$"""
{{{copy.Headline}}}

{{{copy.IntroText}}}

{{{copy.ExtraText}}}{{{DiscountText}}}
Your cart:
{% for line in cart.lines %}
- {{ line.title }}{% if line.variant_title %} ({{ line.variant_title }}){% endif %} x {{ line.quantity }}: {{ line.line_price | money }}
{% endfor %}
{% if cart.subtotal != cart.total %}Subtotal: {{ cart.subtotal | money }}
{% endif %}Total: {{ cart.total | money_with_currency }}

{{{copy.Button}}}: {{ recovery_url }}

--
You're receiving this email because you started a checkout at {{ shop.name }}.
Unsubscribe from cart reminders: {{ unsubscribe_url }}
{{ shop.name }}{% if shop.address %}, {{ shop.address }}{% endif %}
""";
}
