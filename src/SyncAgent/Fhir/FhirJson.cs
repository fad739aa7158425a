using System.Text.Json;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification;

namespace EdgeGateway.SyncAgent.Fhir;

/// <summary>
/// FHIR R4 JSON as the platform and the CLI take it: compact, one resource per string. The
/// serializer knows only the resources the gateway exchanges (Bundle, Observation, Device,
/// OperationOutcome, Patient, Encounter): Firely's full R4 model costs about 70 MB of memory
/// (measured: <c>edgegateway decode</c> peaks at 130 MB with it, 58 MB without), too much for a
/// Raspberry Pi. What the slim model cannot read is parsed with the full model, loaded then.
/// </summary>
public static class FhirJson
{
    private static readonly Type[] Exchanged = [typeof(Bundle), typeof(Observation), typeof(Device), typeof(OperationOutcome), typeof(Patient), typeof(Encounter)];

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(SlimInspector());

    private static readonly Lazy<JsonSerializerOptions> FullOptions = new(() => new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector));

    /// <summary>Serializes <paramref name="resource"/> to one line of FHIR JSON.</summary>
    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Options);

    /// <summary>Serializes <paramref name="resource"/> straight to UTF-8 bytes (what goes on the wire).</summary>
    public static byte[] SerializeToUtf8Bytes(Resource resource) => JsonSerializer.SerializeToUtf8Bytes(resource, Options);

    /// <summary>Writes <paramref name="resource"/> as FHIR JSON to <paramref name="stream"/>.</summary>
    public static void Serialize(Stream stream, Resource resource) => JsonSerializer.Serialize(stream, resource, Options);

    /// <summary>Parses FHIR JSON into a resource of type <typeparamref name="T"/>; throws <see cref="DeserializationFailedException"/> or <see cref="JsonException"/> when it is not.</summary>
    public static T Deserialize<T>(string json) where T : Resource
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)!;
        }
        catch (Exception ex) when (ex is DeserializationFailedException or NullReferenceException)
        {
            // A resource type the slim model does not know, or an element it cannot read (Firely
            // 6.8 throws a NullReferenceException on meta.profile with a partial model): the full
            // model reads it, or throws the real error. Text that is not JSON at all (a proxy's
            // HTML page) fails above and never loads the full model.
            return JsonSerializer.Deserialize<T>(json, FullOptions.Value)!;
        }
    }

    private static ModelInspector SlimInspector()
    {
        // Every data type (a choice such as Observation.value[x] is resolved by its type's name,
        // so all must be known up front, not imported on first sight), then the resources.
        var inspector = new ModelInspector(FhirRelease.R4);
        var dataTypes = typeof(DataType).Assembly.GetTypes().Concat(typeof(Observation).Assembly.GetTypes())
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && typeof(DataType).IsAssignableFrom(t)
                        && t.IsDefined(typeof(FhirTypeAttribute), inherit: false));
        foreach (var type in dataTypes.Concat(Exchanged))
        {
            inspector.ImportType(type);
        }

        return inspector;
    }
}
