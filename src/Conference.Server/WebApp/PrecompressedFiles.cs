using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Conference.Server.WebApp;

/// <summary>
/// The build writes x.js.br and x.js.gz beside each text file of the app (src/Conference.Web/build/precompress.ts).
/// A GET of x.js from a browser that accepts brotli (or gzip) is answered from that file, with Content-Encoding and
/// Vary: Accept-Encoding; the static file middleware still does the rest (ETag, ranges, HEAD, caching headers).
/// Nothing is compressed per request.
/// </summary>
internal static class PrecompressedFiles
{
    private const string EncodingItem = "Conference.WebApp.ContentEncoding";
    private static readonly (string Encoding, string Suffix)[] Variants = [("br", ".br"), ("gzip", ".gz")];

    /// <summary>Before the static files: points the request at the precompressed variant the browser accepts.</summary>
    public static IApplicationBuilder UsePrecompressedVariants(this IApplicationBuilder app, IFileProvider files) =>
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is not null && IsVariant(path) && files.GetFileInfo(path).Exists)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound; // only ever served in place of the file it compresses
                return Task.CompletedTask;
            }
            if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && path is not null && Path.HasExtension(path))
            {
                var accepted = context.Request.GetTypedHeaders().AcceptEncoding;
                foreach (var (encoding, suffix) in Variants)
                {
                    if (!Accepts(accepted, encoding) || !files.GetFileInfo(path + suffix).Exists) continue;
                    context.Request.Path = path + suffix;
                    context.Items[EncodingItem] = encoding;
                    break;
                }
            }
            return next(context);
        });

    /// <summary>A variant is typed as the file it compresses; its own name is never asked for by the app.</summary>
    public static IContentTypeProvider ContentTypes { get; } = new VariantContentTypes();

    /// <summary>From the static files' OnPrepareResponse: the encoding header of a variant, and Vary on every file that has variants.</summary>
    public static void SetEncodingHeaders(HttpContext context)
    {
        if (context.Items[EncodingItem] is string encoding) context.Response.Headers.ContentEncoding = encoding;
        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
    }

    private static bool IsVariant(string path) => Variants.Any(v => path.EndsWith(v.Suffix, StringComparison.OrdinalIgnoreCase));

    private static bool Accepts(IList<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> accepted, string encoding) =>
        accepted.Any(a => (a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) || a.Value == "*") && (a.Quality ?? 1) > 0);

    private sealed class VariantContentTypes : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _types = new();

        public bool TryGetContentType(string subpath, out string contentType)
        {
            foreach (var (_, suffix) in Variants)
            {
                if (subpath.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) subpath = subpath[..^suffix.Length];
            }
            return _types.TryGetContentType(subpath, out contentType!);
        }
    }
}
