namespace EdgeGateway.DeviceDrivers.Decoding;

/// <summary>
/// A pure function from one complete frame to measurements or a typed error. No I/O, no clock,
/// no logging, no exceptions for bad input: a decoder may be called with any bytes at all.
/// </summary>
public interface IFrameDecoder
{
    /// <summary>The protocol name, as <c>edgegateway decode --protocol</c> and device configuration take it.</summary>
    string Protocol { get; }

    /// <summary>Decodes exactly one frame; every byte must belong to it.</summary>
    DecodeResult Decode(ReadOnlySpan<byte> frame);
}
