namespace EdgeGateway.DeviceDrivers.Decoding;

/// <summary>Why a frame could not be decoded. Stable names: they are metric labels.</summary>
public enum DecodeErrorKind : byte
{
    /// <summary>The frame is shorter than its fixed part.</summary>
    TooShort = 1,
    /// <summary>The flags announce a field the frame does not carry.</summary>
    MissingField,
    /// <summary>Bytes remain after every announced field.</summary>
    TrailingBytes,
    /// <summary>A field holds a value its specification does not allow (e.g. month 13).</summary>
    InvalidField,
    /// <summary>The frame's checksum does not match.</summary>
    BadChecksum,
    /// <summary>The bytes are not a frame of this protocol at all.</summary>
    Malformed,
}

/// <summary>A typed decode failure: what is wrong and where, in one line a technician can read.</summary>
/// <param name="Kind">The class of failure (counted per kind).</param>
/// <param name="Message">One sentence naming the field and the byte offset.</param>
/// <param name="Offset">The byte offset in the frame where decoding stopped.</param>
public sealed record DecodeError(DecodeErrorKind Kind, string Message, int Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} at byte {Offset}: {Message}";
}
