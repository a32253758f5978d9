namespace Tracing.Matching.Tests;

/// <summary>A fresh folder per test, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tracing-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
