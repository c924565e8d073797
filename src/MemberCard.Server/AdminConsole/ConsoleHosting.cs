using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace MemberCard.Server.AdminConsole;

/// <summary>
/// Serves the admin console (src/MemberCard.Console, built by Vite into the server's output folder <c>console/</c>) at
/// <c>/console/</c>: the hashed assets from disk, and every other path under /console the app's index.html (the SPA's own
/// routes). Without a built console (Node.js was missing at build time) <c>/console/</c> answers a page saying how to get it.
/// </summary>
public static class ConsoleHosting
{
    /// <summary>URL prefix of the console.</summary>
    public const string PathPrefix = "/console";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Maps /console and everything under it.</summary>
    public static WebApplication MapMemberCardConsole(this WebApplication app)
    {
        var root = app.Configuration["Console:Path"] ?? Path.Combine(AppContext.BaseDirectory, "console");
        var files = Directory.Exists(root) ? new PhysicalFileProvider(root) : null;
        app.MapMethods(PathPrefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string? path) => Serve(context, files, path))
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, PhysicalFileProvider? files, string? path)
    {
        // Routing matches /console and /console/ alike; the app's asset URLs need the slash.
        if (context.Request.Path.Value == PathPrefix) return TypedResults.Redirect(PathPrefix + "/");
        var index = files?.GetFileInfo("index.html");
        if (index is not { Exists: true, PhysicalPath: not null })
            return TypedResults.Content(NotBuiltPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        if (!string.IsNullOrEmpty(path) && Path.HasExtension(path))
        {
            // The provider refuses paths that leave its root ("..") with a file that does not exist.
            var file = files!.GetFileInfo(path);
            if (!file.Exists || file.IsDirectory || file.PhysicalPath is null || !ContentTypes.TryGetContentType(file.Name, out var type))
                return TypedResults.NotFound();
            // Vite names assets by content hash, so they never change under the same URL.
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return TypedResults.PhysicalFile(file.PhysicalPath, type, enableRangeProcessing: false);
        }
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.PhysicalFile(index.PhysicalPath, "text/html; charset=utf-8");
    }

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>MemberCard console not built</title></head>
        <body>
        <h1>The MemberCard console is not built</h1>
        <p>The server was built without Node.js, so the console (src/MemberCard.Console) was not compiled.
        The REST API works as usual.</p>
        <p>To get the console: install Node.js 18 or newer with npm (Debian: <code>sudo apt-get install nodejs npm</code>),
        then build or run the server again (<code>dotnet run --project src/MemberCard.Server</code>); the build runs
        <code>npm ci</code> and the Vite build, and the console is served here.</p>
        <p>控制台未构建：请安装 Node.js（18 及以上）和 npm 后重新构建或运行服务器。</p>
        </body></html>
        """;
}
