using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace TtsGrpc.Server.Playground;

/// <summary>
/// The web playground: plain HTML, CSS and JavaScript files embedded in this assembly (so a published server carries
/// them, wherever it runs from) and served by ASP.NET Core's static file middleware at "/" of the HTTP API only.
/// Every file goes out with a Content-Security-Policy that lets the page load and call nothing but this server.
/// </summary>
internal static class PlaygroundFiles
{
    /// <summary>
    /// Same origin only. media-src also takes blob: because streamed playback feeds the audio element a MediaSource
    /// (and whole files a Blob) through an object URL the page itself made; no other scheme, no inline script or style.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; media-src 'self' blob:; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string Root = "Playground/wwwroot";

    /// <summary>"/" and the page's files; any other path goes on to the API's routes.</summary>
    /// <summary>The files' own types, and their charset for the text ones: they are UTF-8, whatever a browser would guess.</summary>
    public static FileExtensionContentTypeProvider ContentTypes()
    {
        var types = new FileExtensionContentTypeProvider();
        foreach (var extension in (string[])[".html", ".js", ".css"])
        {
            types.Mappings[extension] += "; charset=utf-8";
        }

        return types;
    }

    public static void Use(IApplicationBuilder app)
    {
        var files = new ManifestEmbeddedFileProvider(Assembly.GetExecutingAssembly(), Root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = ContentTypes(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Revalidated on every load (the ETag makes that a 304), so a new server version's page is never mixed with an old script.
                headers.CacheControl = "no-cache";
            },
        });
    }
}
