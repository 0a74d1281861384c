using System.Diagnostics.Metrics;

namespace Conference.Server.Edge;

/// <summary>conference_edge_unavailable_total{surface=rest|hub}, conference_edge_idempotent_requests_total{outcome}.</summary>
public sealed class EdgeMetrics
{
    public const string MeterName = "Conference.Edge";
    private readonly Counter<long> _unavailable;
    private readonly Counter<long> _idempotent;

    public EdgeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _unavailable = meter.CreateCounter<long>("conference.edge.unavailable",
            description: "REST requests (503) and hub invocations that failed because the cluster did not answer in time");
        _idempotent = meter.CreateCounter<long>("conference.edge.idempotent_requests",
            description: "POSTs with an Idempotency-Key by outcome: proceed, replay, mismatch, in_flight");
    }

    public void Unavailable(string surface) => _unavailable.Add(1, new KeyValuePair<string, object?>("surface", surface));

    public void Idempotent(string outcome) => _idempotent.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
