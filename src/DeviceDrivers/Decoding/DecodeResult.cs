using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Decoding;

/// <summary>The outcome of decoding one frame: measurements, or one typed error — never both.</summary>
public readonly struct DecodeResult
{
    private DecodeResult(IReadOnlyList<Measurement> measurements, DecodeError? error)
    {
        Measurements = measurements;
        Error = error;
    }

    /// <summary>The measurements in the frame (empty on error; may be empty on success too).</summary>
    public IReadOnlyList<Measurement> Measurements { get; }

    /// <summary>The failure, or null on success.</summary>
    public DecodeError? Error { get; }

    /// <summary>True when the frame decoded.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A successful decode.</summary>
    public static DecodeResult Success(params IReadOnlyList<Measurement> measurements) => new(measurements, null);

    /// <summary>A failed decode.</summary>
    public static DecodeResult Failure(DecodeErrorKind kind, string message, int offset) =>
        new([], new DecodeError(kind, message, offset));

    /// <summary>A failed decode.</summary>
    public static implicit operator DecodeResult(DecodeError error) => new([], error);
}
