using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EdgeGateway.SyncAgent.Fhir;

/// <summary>FHIR R4 JSON as the platform and the CLI take it: compact, one resource per string.</summary>
public static class FhirJson
{
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    /// <summary>Serializes <paramref name="resource"/> to one line of FHIR JSON.</summary>
    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Options);

    /// <summary>Parses FHIR JSON into a resource of type <typeparamref name="T"/>.</summary>
    public static T Deserialize<T>(string json) where T : Resource => JsonSerializer.Deserialize<T>(json, Options)!;
}
