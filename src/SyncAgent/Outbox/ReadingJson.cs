using System.Text.Json.Serialization;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>The plaintext form of a Reading inside a sealed Outbox record (compact JSON, source-generated).</summary>
[JsonSerializable(typeof(Reading))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
internal sealed partial class ReadingJson : JsonSerializerContext;
