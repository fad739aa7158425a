using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Hosting;

/// <summary>Checks what DataAnnotations cannot: that <c>Gateway:TimeZone</c> names a zone this system knows.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return ValidateOptionsResult.Fail($"Gateway:TimeZone '{options.TimeZone}' is not a time zone this system knows (e.g. Europe/Paris).");
        }
    }
}
