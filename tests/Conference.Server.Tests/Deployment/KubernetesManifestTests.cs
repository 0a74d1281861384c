using System.Text.RegularExpressions;
using Conference.Server.Health;
using k8s.Models;
using Xunit.Abstractions;

namespace Conference.Server.Tests.Deployment;

/// <summary>
/// Every kustomize overlay renders, every object validates against the Kubernetes API schemas (kubernetes-models'
/// validators for types and required fields; KubernetesClient's models with unknown fields rejected), and the
/// server containers carry what the program needs in their role: settings, ports, probe paths, secrets that the
/// README tells how to create, a writable data folder under a read-only root.
/// </summary>
[Trait("Category", "Deployment")]
public sealed partial class KubernetesManifestTests(ITestOutputHelper output)
{
    private const string ServerImage = "conference-server";

    /// <summary>What the program refuses to start without in cluster mode (ClusterHosting, SigningKeys) — every role.</summary>
    private static readonly string[] RequiredEverywhere =
        ["Conference__Roles", "Conference__Cluster__Mode", "Conference__Cluster__ConnectionString", "Conference__Auth__SigningKey"];

    /// <summary>What the layout needs on gateways: TURN credentials (RtcOptions) and the S3 store (AttachmentOptions).</summary>
    private static readonly string[] RequiredOnGateways =
        ["Conference__Rtc__TurnSecret", "Conference__Rtc__TurnUrls__0", "Conference__Attachments__Store",
         "Conference__Attachments__Endpoint", "Conference__Attachments__AccessKey", "Conference__Attachments__SecretKey"];

    private static readonly string[] RequiredOnSilos = ["Conference__Cluster__AdvertisedAddress"];
    private static readonly string[] KubernetesHostingEnvironment = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];
    private static readonly string[] RequiredOnSfu = ["Conference__Media__BindAddress", "Conference__Media__Port", "Conference__Media__AnnouncedAddress"];

    [Fact]
    public async Task Every_overlay_renders_and_validates_against_the_Kubernetes_API_schemas()
    {
        if (!RenderedManifests.KubectlAvailable())
        {
            output.WriteLine("SKIPPED: kubectl is not installed (no registry here serves it); the overlays were not rendered.");
            return;
        }
        var validator = Path.Combine(Dockerfile.RepositoryRoot(), "tests", "k8s");
        Assert.True(Directory.Exists(Path.Combine(validator, "node_modules", "kubernetes-models")), "tests/run.sh installs tests/k8s (npm ci)");
        foreach (var overlay in RenderedManifests.Overlays())
        {
            var rendered = await RenderedManifests.Render(overlay);
            var file = Path.Combine(Path.GetTempPath(), $"conference-k8s-{overlay}-{Guid.NewGuid():N}.yaml");
            await File.WriteAllTextAsync(file, rendered.Yaml);
            var (exit, report, errors) = await Tool.Run("node", ["validate.mjs", file], validator);
            File.Delete(file);
            output.WriteLine($"overlays/{overlay}: {report.Trim().Split('\n')[^1]}");
            Assert.True(exit == 0, $"overlays/{overlay}:\n{report}{errors}");
            Assert.Equal(rendered.Objects.Count, int.Parse(Regex.Match(report, @"(\d+) objects").Groups[1].Value));
        }
    }

    [Fact]
    public async Task Server_containers_carry_every_setting_port_probe_and_secret_their_role_needs()
    {
        if (!RenderedManifests.KubectlAvailable())
        {
            output.WriteLine("SKIPPED: kubectl is not installed; the overlays were not rendered.");
            return;
        }
        var image = Dockerfile.Load().Environment;
        var httpPort = int.Parse(Regex.Match(image["ASPNETCORE_URLS"], @":(\d+)$").Groups[1].Value);
        var readmeSecrets = ReadmeSecrets();

        foreach (var overlay in RenderedManifests.Overlays())
        {
            var rendered = await RenderedManifests.Render(overlay);
            var roles = new HashSet<string>();
            foreach (var (name, template) in rendered.Workloads)
            {
                var where = $"overlays/{overlay} {name}";
                foreach (var reference in template.Spec.Containers.SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>())
                    Assert.True(readmeSecrets.Contains((reference.Name, reference.Key)), $"{where}: secret {reference.Name}/{reference.Key} is not created by k8s/README.md");

                var server = template.Spec.Containers.SingleOrDefault(c => c.Image.Contains(ServerImage));
                if (server is null) continue;
                var env = server.Env.ToDictionary(e => e.Name);
                string Value(string key) => env[key].Value;
                foreach (var key in RequiredEverywhere) Assert.True(env.ContainsKey(key), $"{where}: {key} missing");
                Assert.Equal("postgres", Value("Conference__Cluster__Mode"));
                var role = Value("Conference__Roles").Split(',').Select(r => r.Trim()).ToHashSet();
                roles.UnionWith(role);

                var ports = server.Ports.ToDictionary(p => p.Name);
                Assert.Equal(httpPort, ports["http"].ContainerPort);
                Assert.Equal(HealthEndpoints.LivenessPath, server.LivenessProbe.HttpGet.Path);
                Assert.Equal(HealthEndpoints.ReadinessPath, server.ReadinessProbe.HttpGet.Path);
                foreach (var probe in new[] { server.LivenessProbe, server.ReadinessProbe, server.StartupProbe }.OfType<V1Probe>())
                    Assert.Contains(probe.HttpGet.Port.Value, ports.Keys);

                Assert.True(server.SecurityContext.ReadOnlyRootFilesystem, $"{where}: read-only root");
                Assert.Contains(server.VolumeMounts, m => m.MountPath == image["Conference__DataPath"]);
                Assert.Contains(server.VolumeMounts, m => m.MountPath == "/tmp");
                Assert.NotNull(template.Spec.TerminationGracePeriodSeconds);
                Assert.NotNull(server.Lifecycle?.PreStop);

                if (role.Contains("gateway"))
                {
                    foreach (var key in RequiredOnGateways) Assert.True(env.ContainsKey(key), $"{where}: {key} missing");
                    Assert.Equal("s3", Value("Conference__Attachments__Store"));
                }
                if (role.Contains("core") || role.Contains("sfu"))
                {
                    foreach (var key in RequiredOnSilos) Assert.True(env.ContainsKey(key), $"{where}: {key} missing");
                    Assert.Equal(int.Parse(Value("Conference__Cluster__SiloPort")), ports["silo"].ContainerPort);
                    Assert.Equal(int.Parse(Value("Conference__Cluster__GatewayPort")), ports["orleans-gateway"].ContainerPort);
                    if (env.TryGetValue("Conference__Cluster__KubernetesHosting", out var hosting) && hosting.Value == "true")
                    {
                        foreach (var key in KubernetesHostingEnvironment) Assert.True(env.ContainsKey(key), $"{where}: {key} missing");
                        Assert.Equal(Value("ORLEANS_SERVICE_ID"), template.Metadata.Labels["orleans/serviceId"]);
                        Assert.Equal(Value("ORLEANS_CLUSTER_ID"), template.Metadata.Labels["orleans/clusterId"]);
                        AssertMayManagePods(rendered, template.Spec.ServiceAccountName, where);
                    }
                }
                if (role.Contains("sfu"))
                {
                    foreach (var key in RequiredOnSfu) Assert.True(env.ContainsKey(key), $"{where}: {key} missing");
                    var media = ports["media"];
                    Assert.Equal("UDP", media.Protocol);
                    Assert.Equal(int.Parse(Value("Conference__Media__Port")), media.ContainerPort);
                    Assert.True(media.HostPort == media.ContainerPort || template.Spec.HostNetwork == true, $"{where}: media port reachable on the node");
                    Assert.Equal("0.0.0.0", Value("Conference__Media__BindAddress"));
                    Assert.NotNull(env["Conference__Media__AnnouncedAddress"].ValueFrom?.FieldRef);
                }
            }
            Assert.True(roles.SetEquals(["gateway", "core", "sfu"]), $"overlays/{overlay} runs every role");
            AssertReferencesResolve(rendered);
        }
    }

    private static void AssertMayManagePods(RenderedManifests rendered, string serviceAccount, string where)
    {
        Assert.Contains(rendered.All<V1ServiceAccount>(), a => a.Metadata.Name == serviceAccount);
        var binding = rendered.All<V1RoleBinding>().Single(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == serviceAccount));
        var role = rendered.All<V1Role>().Single(r => r.Metadata.Name == binding.RoleRef.Name);
        var pods = role.Rules.Single(r => r.Resources.Contains("pods"));
        Assert.True(new[] { "get", "list", "watch", "delete" }.All(pods.Verbs.Contains), $"{where}: Orleans' Kubernetes hosting needs get/list/watch/delete on pods");
    }

    /// <summary>Services select pods and name their ports; the ingress names services; PDBs and HPAs find their targets.</summary>
    private static void AssertReferencesResolve(RenderedManifests rendered)
    {
        foreach (var service in rendered.All<V1Service>())
        {
            var pods = rendered.PodsSelectedBy(service.Spec.Selector).ToList();
            Assert.True(pods.Count > 0, $"service {service.Metadata.Name} selects no pods");
            foreach (var port in service.Spec.Ports.Where(p => p.TargetPort?.Value is { } v && !int.TryParse(v, out _)))
                Assert.All(pods, pod => Assert.Contains(pod.Spec.Containers.SelectMany(c => c.Ports), p => p.Name == port.TargetPort.Value));
        }
        foreach (var ingress in rendered.All<V1Ingress>())
        {
            Assert.NotEmpty(ingress.Spec.Tls);
            foreach (var backend in ingress.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service))
            {
                var service = rendered.All<V1Service>().Single(s => s.Metadata.Name == backend.Name);
                Assert.Contains(service.Spec.Ports, p => p.Name == backend.Port.Name);
            }
        }
        foreach (var budget in rendered.All<V1PodDisruptionBudget>())
            Assert.NotEmpty(rendered.PodsSelectedBy(budget.Spec.Selector.MatchLabels));
        foreach (var autoscaler in rendered.All<V2HorizontalPodAutoscaler>())
            Assert.Contains(rendered.All<V1Deployment>(), d => d.Metadata.Name == autoscaler.Spec.ScaleTargetRef.Name);
    }

    /// <summary>(secret, key) pairs that k8s/README.md's `kubectl create secret` commands create.</summary>
    private static HashSet<(string, string)> ReadmeSecrets()
    {
        var readme = File.ReadAllText(Path.Combine(RenderedManifests.K8sFolder, "README.md")).Replace("\\\n", " ");
        var pairs = new HashSet<(string, string)>();
        foreach (Match command in CreateSecretRegex().Matches(readme))
            foreach (Match literal in LiteralRegex().Matches(command.Groups[2].Value))
                pairs.Add((command.Groups[1].Value, literal.Groups[1].Value));
        return pairs;
    }

    [GeneratedRegex(@"create secret generic (\S+)([^\n]*)")]
    private static partial Regex CreateSecretRegex();

    [GeneratedRegex(@"--from-literal=([A-Za-z0-9-]+)=")]
    private static partial Regex LiteralRegex();
}
