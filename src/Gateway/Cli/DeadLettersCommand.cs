using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using EdgeGateway.Gateway.Admin;

namespace EdgeGateway.Gateway.Cli;

/// <summary>
/// <c>edgegateway deadletters list | retry ID | delete ID</c>: the readings the platform refused,
/// reviewed through the running gateway's administration API (the token in the data directory, so
/// run as the gateway's user). Each retry or delete is audited with the caller's name.
/// </summary>
internal static class DeadLettersCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Option<string?>("--config") { Description = "Configuration file (as for run)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (as for run)" };
        var url = new Option<string?>("--url") { Description = "The running gateway (default: from Urls, else http://localhost:5080)" };
        var id = new Argument<long>("ID") { Description = "The dead letter's number, as listed" };

        var list = new Command("list", "List the readings the platform refused, with its reason.") { config, dataDir, url };
        list.SetAction((parse, ct) => RunAsync("list", null, parse.GetValue(config), parse.GetValue(dataDir), parse.GetValue(url), stdout, stderr, ct));
        var retry = new Command("retry", "Put a refused reading back in the queue (audited).") { id, config, dataDir, url };
        retry.SetAction((parse, ct) => RunAsync("retry", parse.GetValue(id), parse.GetValue(config), parse.GetValue(dataDir), parse.GetValue(url), stdout, stderr, ct));
        var delete = new Command("delete", "Delete a refused reading for good (audited).") { id, config, dataDir, url };
        delete.SetAction((parse, ct) => RunAsync("delete", parse.GetValue(id), parse.GetValue(config), parse.GetValue(dataDir), parse.GetValue(url), stdout, stderr, ct));
        return new Command("deadletters", "Review the readings the platform refused.") { list, retry, delete };
    }

    private static async Task<int> RunAsync(string action, long? id, string? configFile, string? dataDir, string? url, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken)
    {
        var name = $"edgegateway deadletters {action}";
        using var configuration = ToolConfiguration.Load(name, configFile, dataDir, stderr);
        if (configuration is null)
        {
            return GatewayCommandLine.ExitBadConfiguration;
        }

        var tokenFile = AdminToken.PathFor(ToolConfiguration.Storage(configuration));
        string? token;
        try
        {
            token = AdminToken.Read(tokenFile);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            await stderr.WriteLineAsync($"{name}: '{tokenFile}' is not readable: run as the gateway's user").ConfigureAwait(false);
            return 1;
        }

        if (token is null)
        {
            await stderr.WriteLineAsync($"{name}: there is no administration token at '{tokenFile}' (the gateway creates it when it starts)").ConfigureAwait(false);
            return 1;
        }

        if (!Uri.TryCreate(url ?? GatewayUrl(configuration), UriKind.Absolute, out var baseUrl))
        {
            await stderr.WriteLineAsync($"{name}: --url '{url}' is not an absolute URL").ConfigureAwait(false);
            return GatewayCommandLine.ExitBadInput;
        }

        if (baseUrl.Scheme != Uri.UriSchemeHttps && !baseUrl.IsLoopback)
        {
            // The token would cross the network in clear.
            await stderr.WriteLineAsync($"{name}: '{baseUrl}' is plain http to another host: use the gateway's loopback address, or https").ConfigureAwait(false);
            return GatewayCommandLine.ExitBadInput;
        }

        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Add(AdminEndpoints.ActorHeader, Environment.UserName);
        try
        {
            using var response = action == "list"
                ? await http.GetAsync("api/admin/deadletters", cancellationToken).ConfigureAwait(false)
                : await http.PostAsync($"api/admin/deadletters/{id}/{action}", null, cancellationToken).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK when action == "list":
                    var items = await response.Content.ReadFromJsonAsync<List<DeadLetterItem>>(cancellationToken).ConfigureAwait(false) ?? [];
                    foreach (var item in items)
                    {
                        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{item.Id}\t{item.RefusedAt:yyyy-MM-dd HH:mm:ss}Z\t{Printable(item.Device ?? "(unreadable)")}\t{Printable(item.Code ?? "-")}\t{Printable(item.Reason)}")).ConfigureAwait(false);
                    }

                    await stderr.WriteLineAsync(items.Count >= AdminEndpoints.ListLimit
                        ? $"the oldest {items.Count} reading(s) refused by the platform (there may be more)"
                        : $"{items.Count} reading(s) refused by the platform").ConfigureAwait(false);
                    return 0;
                case HttpStatusCode.OK:
                    await stdout.WriteLineAsync(action == "retry"
                        ? $"dead letter {id} is back in the queue (audited)"
                        : $"dead letter {id} deleted (audited)").ConfigureAwait(false);
                    return 0;
                case HttpStatusCode.NotFound:
                    await stderr.WriteLineAsync($"{name}: there is no dead letter {id}").ConfigureAwait(false);
                    return 1;
                case HttpStatusCode.Unauthorized:
                    await stderr.WriteLineAsync($"{name}: the gateway at {baseUrl} refused the token in '{tokenFile}' (is it this gateway's data directory?)").ConfigureAwait(false);
                    return 1;
                default:
                    await stderr.WriteLineAsync($"{name}: the gateway answered HTTP {(int)response.StatusCode}").ConfigureAwait(false);
                    return 1;
            }
        }
        catch (HttpRequestException ex)
        {
            await stderr.WriteLineAsync($"{name}: the gateway does not answer at {baseUrl} (is it running?): {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"{name}: the gateway at {baseUrl} did not answer within 30 s").ConfigureAwait(false);
            return 1;
        }
        catch (System.Text.Json.JsonException ex)
        {
            await stderr.WriteLineAsync($"{name}: the answer from {baseUrl} is not the gateway's: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Text from the platform, without the control characters a terminal would act on.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));

    /// <summary>The first URL the gateway listens on, with a wildcard host made local.</summary>
    private static string GatewayUrl(IConfiguration configuration)
    {
        var first = (configuration["Urls"] ?? "http://localhost:5080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return first.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
    }
}
