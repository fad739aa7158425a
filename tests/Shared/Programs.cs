using System.Diagnostics;

namespace EdgeGateway.Tests.Shared;

/// <summary>Runs a system program the tests need (mount, mosquitto_passwd…) and fails loudly if it fails.</summary>
public static class Programs
{
    /// <summary>Runs <paramref name="program"/> to its end; throws with its error output when it exits non-zero.</summary>
    public static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {errors}");
        }
    }
}
