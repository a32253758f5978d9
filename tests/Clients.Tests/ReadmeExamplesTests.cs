using System.Diagnostics;
using System.Text.RegularExpressions;
using Tracing.Server.Tests;

namespace Tracing.Clients.Tests;

/// <summary>
/// The README's command-line example, run as written (in bash, <c>tracing</c> being the built CLI) against a real
/// development-like server: a newcomer who pastes it meets no refusal.
/// </summary>
public sealed class ReadmeExamplesTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tracing-readme-tests", Guid.NewGuid().ToString("N"));
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        // The README uses the development keys.
        _server = await ServerProcess.StartAsync(null,
            "--Auth:ApiKeys:10:Key=dev-health-79", "--Auth:ApiKeys:10:Role=HealthDepartment", "--Auth:ApiKeys:10:Province=79", "--Auth:ApiKeys:10:Name=Dev health 79",
            "--Auth:ApiKeys:11:Key=dev-health-01", "--Auth:ApiKeys:11:Role=HealthDepartment", "--Auth:ApiKeys:11:Province=01", "--Auth:ApiKeys:11:Name=Dev health 01",
            "--Auth:ApiKeys:12:Key=dev-partner-79", "--Auth:ApiKeys:12:Role=Partner", "--Auth:ApiKeys:12:Province=79", "--Auth:ApiKeys:12:Name=Dev partner 79",
            "--Auth:ApiKeys:13:Key=dev-operator", "--Auth:ApiKeys:13:Role=Operator", "--Auth:ApiKeys:13:Name=Dev operators");
        Directory.CreateDirectory(Path.Combine(_folder, "config"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_command_line_example_of_the_readme_runs_as_written()
    {
        if (OperatingSystem.IsWindows())
            return;
        var root = RepositoryRoot();
        var readme = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        // The CLI as its own build left it (the test's folder holds the server's newer dependencies).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var cli = Path.Combine(root, "src", "Clients", "Cli", "bin", configuration, "net10.0", "tracing.dll");
        var section = readme[readme.IndexOf("## The `tracing` command line", StringComparison.Ordinal)..];
        // The block after the installation's: `tracing` is the installed tool there, the CLI's build here.
        var example = Regex.Matches(section, "```sh\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).First(block => block.Contains("tracing login", StringComparison.Ordinal));
        // The example runs from the folder where the server runs: its data folder is ./data.
        File.CreateSymbolicLink(Path.Combine(_folder, "data"), _server.DataDir);
        var script = $"set -euo pipefail\ntracing() {{ dotnet '{cli}' \"$@\"; }}\n" + example;

        var start = new ProcessStartInfo("bash") { WorkingDirectory = _folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TRACING_SERVER"] = _server.GrpcAddress;
        start.Environment["TRACING_CONFIG_DIR"] = Path.Combine(_folder, "config");
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(bash.ExitCode == 0, $"exit {bash.ExitCode}\n{await output}\n{await error}");
        Assert.Matches(new Regex("^V-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]$", RegexOptions.Multiline), await output);
        Assert.True(File.Exists(Path.Combine(_folder, "poster.svg")));
        Assert.True(File.Exists(Path.Combine(_folder, "history.csv")));
        Assert.Contains("Mã xác minh: ", await output, StringComparison.Ordinal);
        // The district's coverage: every ward by name, then the district's totals.
        Assert.Contains("Báo cáo bao phủ: ", await output, StringComparison.Ordinal);
        Assert.Contains("Tổng cộng: ", await output, StringComparison.Ordinal);
        // The operator's backup, whole.
        Assert.Contains("Bản sao lưu đầy đủ: ", await output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tracing.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("The repository root (Tracing.sln) is not above the test assembly.");
    }
}
