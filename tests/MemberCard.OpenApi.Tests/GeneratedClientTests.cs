using System.Diagnostics;
using System.Xml.Linq;
using MemberCard.Api.Tests;

namespace MemberCard.OpenApi.Tests;

/// <summary>
/// A client generated from the document with kiota (the tool in .config/dotnet-tools.json) compiles, and carries
/// the POS flow against a running server.
/// </summary>
public sealed class GeneratedClientTests(Document document) : IClassFixture<Document>
{
    private static readonly string[] ClientPackages =
    [
        "Microsoft.Kiota.Abstractions", "Microsoft.Kiota.Http.HttpClientLibrary", "Microsoft.Kiota.Serialization.Json",
        "Microsoft.Kiota.Serialization.Text", "Microsoft.Kiota.Serialization.Form", "Microsoft.Kiota.Serialization.Multipart",
    ];

    [Fact]
    public async Task AKiotaCSharpClientCompilesAndCarriesThePosFlow()
    {
        var repository = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("membercard-client-");
        try
        {
            var documentPath = Path.Combine(work.FullName, "openapi.json");
            await File.WriteAllTextAsync(documentPath, document.Json);
            await RunAsync(repository, "tool", "restore");
            await RunAsync(repository, "tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", documentPath,
                "--output", Path.Combine(work.FullName, "Client"), "--class-name", "MemberCardApiClient", "--namespace-name", "MemberCard.GeneratedClient",
                "--exclude-backward-compatible", "--clean-output");
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "PosFlow.csproj"), Project(repository));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "GeneratedClient", "PosFlow.cs"), Path.Combine(work.FullName, "PosFlow.cs"));
            await RunAsync(work.FullName, "build", "-c", "Release", "--nologo", "-nodeReuse:false", "--disable-build-servers");

            await using var app = await MemberCardApplication.StartOnKestrelAsync();
            var output = await RunAsync(work.FullName, Path.Combine("bin", "Release", "net10.0", "PosFlow.dll"),
                app.CreateClient().BaseAddress!.ToString(), MemberCardApplication.AdminKey);
            Assert.Contains("The POS flow went through the generated client.", output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    // A console project outside the repository, on the package versions the repository pins.
    private static string Project(string repository)
    {
        var pinned = XDocument.Load(Path.Combine(repository, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        var references = string.Concat(ClientPackages.Select(p => $"""    <PackageReference Include="{p}" Version="{pinned[p]}" />{"\n"}"""));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>
            """;
    }

    private static async Task<string> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild settings would steer the child build; the child finds its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json"))) return directory.FullName;
        }
        throw new InvalidOperationException("The repository root (with .config/dotnet-tools.json) was not found.");
    }
}
