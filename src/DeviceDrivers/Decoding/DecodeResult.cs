using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Decoding;

/// <summary>The outcome of decoding one frame: measurements, or one typed error — never both.</summary>
public readonly struct DecodeResult
{
    private DecodeResult(IReadOnlyList<Measurement> measurements, DecodeError? error, IReadOnlyList<DecodeError>? skipped = null, PatientContext? subject = null)
    {
        Measurements = measurements;
        Error = error;
        Skipped = skipped ?? [];
        Subject = subject;
    }

    /// <summary>The measurements in the frame (empty on error; may be empty on success too).</summary>
    public IReadOnlyList<Measurement> Measurements { get; }

    /// <summary>The failure, or null on success.</summary>
    public DecodeError? Error { get; }

    /// <summary>
    /// Parts of a successful decode that were left out, each with why (a message's result whose code is
    /// not known, a value that is not a number): counted and reported to the sender, never guessed.
    /// </summary>
    public IReadOnlyList<DecodeError> Skipped { get; }

    /// <summary>The patient the message itself names (an HL7 PID segment), or null.</summary>
    public PatientContext? Subject { get; }

    /// <summary>True when the frame decoded.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A successful decode.</summary>
    public static DecodeResult Success(params IReadOnlyList<Measurement> measurements) => new(measurements, null);

    /// <summary>A decode of a message: what it carried, what was left out and why, and whom it names.</summary>
    public static DecodeResult Partial(IReadOnlyList<Measurement> measurements, IReadOnlyList<DecodeError> skipped, PatientContext? subject = null) =>
        new(measurements, null, skipped, subject);

    /// <summary>A failed decode.</summary>
    public static DecodeResult Failure(DecodeErrorKind kind, string message, int offset) =>
        new([], new DecodeError(kind, message, offset));

    /// <summary>A failed decode.</summary>
    public static implicit operator DecodeResult(DecodeError error) => new([], error);
}
