using Conference.Media.Dtls;

namespace Conference.SfuLoad.Media;

/// <summary>
/// One certificate for every client of the run: generating a key pair and certificate per connection in managed code
/// would spend the generator's CPU (which the SFU shares) on what a browser does once, natively, before its offer.
/// </summary>
internal static class ClientCertificate
{
    public static DtlsCertificate Shared => DtlsCertificate.Shared;
}
