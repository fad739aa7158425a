namespace EdgeGateway.Tests.Shared;

/// <summary>Waits for a condition that real I/O will make true, with a deadline that fails the test instead of hanging it.</summary>
public static class Eventually
{
    public static async Task Holds(Func<bool> condition, int seconds = 60)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>As <see cref="Holds(Func{bool}, int)"/>, for a condition that asks a peer.</summary>
    public static async Task Holds(Func<Task<bool>> condition, int seconds = 60)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
