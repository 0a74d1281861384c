using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Conference.Server.Tests.Deployment;

/// <summary>One kustomize overlay rendered by `kubectl kustomize`, as YAML and as typed KubernetesClient models.</summary>
public sealed class RenderedManifests
{
    private RenderedManifests(string overlay, string yaml, IReadOnlyList<object> objects)
    {
        Overlay = overlay;
        Yaml = yaml;
        Objects = objects;
    }

    public string Overlay { get; }
    public string Yaml { get; }
    public IReadOnlyList<object> Objects { get; }

    public static string K8sFolder => Path.Combine(Dockerfile.RepositoryRoot(), "k8s");

    public static IEnumerable<string> Overlays() =>
        Directory.GetDirectories(Path.Combine(K8sFolder, "overlays")).Select(Path.GetFileName).Order()!;

    public static bool KubectlAvailable() =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, "kubectl")));

    /// <summary>Renders and parses strictly: a field the Kubernetes API does not have fails here.</summary>
    public static async Task<RenderedManifests> Render(string overlay)
    {
        var (exit, output, errors) = await Tool.Run("kubectl", ["kustomize", Path.Combine(K8sFolder, "overlays", overlay)], K8sFolder);
        Assert.True(exit == 0, $"kubectl kustomize overlays/{overlay} failed: {errors}");
        return new RenderedManifests(overlay, output, KubernetesYaml.LoadAllFromString(output, typeMap: null, strict: true));
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    /// <summary>Deployments and StatefulSets with their pod templates.</summary>
    public IEnumerable<(string Name, V1PodTemplateSpec Template)> Workloads =>
        All<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template)));

    public IEnumerable<V1PodTemplateSpec> PodsSelectedBy(IDictionary<string, string> selector) =>
        Workloads.Select(w => w.Template)
            .Where(t => selector.All(pair => t.Metadata.Labels is { } labels && labels.TryGetValue(pair.Key, out var v) && v == pair.Value));
}

public static class Tool
{
    public static async Task<(int Exit, string Output, string Errors)> Run(string file, IReadOnlyList<string> arguments, string workDir)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output, await errors);
    }
}
