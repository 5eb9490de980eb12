using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace AiNative.Platform.AgentPlane.Tools;

/// <summary>
/// Runs <c>http:</c> tools: fills <c>{name}</c> placeholders of the URL template from the arguments, sends the rest as the
/// query string (GET, DELETE) or a JSON body, with a bearer token read from the named setting and an
/// <c>Idempotency-Key</c> header, and returns the JSON answer.
/// </summary>
public sealed class HttpToolHandler(IHttpClientFactory clients, IConfiguration settings) : IToolHandler
{
    public const string ClientName = "ainative-tools";

    public string Name => "http";

    public async Task<JsonElement> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var binding = invocation.Tool.Http ?? throw new InvalidOperationException($"Tool '{invocation.Tool.Name}' is not an http tool.");
        var arguments = invocation.Arguments.ValueKind == JsonValueKind.Object
            ? invocation.Arguments.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : [];
        var used = new HashSet<string>(StringComparer.Ordinal);
        var url = ToolCatalogLoader.PlaceholderRegex().Replace(binding.UrlTemplate, m =>
        {
            var name = m.Value[1..^1];
            used.Add(name);
            return arguments.TryGetValue(name, out var value) ? Uri.EscapeDataString(Scalar(value)) : throw new ToolHandlerException($"The URL needs argument '{name}'.");
        });
        var rest = arguments.Where(a => !used.Contains(a.Key)).ToList();
        var method = new HttpMethod(binding.Method);
        using var request = new HttpRequestMessage(method, url);
        if (method == HttpMethod.Get || method == HttpMethod.Delete)
        {
            if (rest.Count > 0)
            {
                var query = string.Join('&', rest.Select(a => $"{Uri.EscapeDataString(a.Key)}={Uri.EscapeDataString(Scalar(a.Value))}"));
                request.RequestUri = new Uri(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query);
            }
        }
        else
        {
            request.Content = new StringContent(JsonSerializer.Serialize(rest.ToDictionary(a => a.Key, a => a.Value)), Encoding.UTF8, "application/json");
        }

        if (binding.AuthSetting is { } setting)
        {
            // Accept the environment-variable spelling (Section__Key) as well as the configuration key (Section:Key).
            var secret = settings[setting.Replace("__", ":", StringComparison.Ordinal)];
            if (string.IsNullOrWhiteSpace(secret))
            {
                throw new ToolHandlerException($"The setting '{setting}' that holds the credential of '{invocation.Tool.Name}' is not set.");
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        request.Headers.Add("Idempotency-Key", invocation.IdempotencyKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            throw new ToolTransientException($"{binding.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ToolHandlerException($"{binding.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}: {Clip(body)}");
        }

        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ToolHandlerException($"{binding.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)} answered with non-JSON content: {Clip(body)}", e);
        }
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static string Clip(string text) => text.Length > 300 ? string.Concat(text.AsSpan(0, 300), "…") : text.ToString(CultureInfo.InvariantCulture);
}
