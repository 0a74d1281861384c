// Real-time media on a 2-core machine: two Chromiums and several node processes at once starve each other's
// encoders and timers. One test at a time keeps the interop results about the stack, not about the CPU.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
