// Hangfire keeps one process-wide log provider, bound to the ILoggerFactory of the app host that configured it
// last. With test classes running in parallel, one class disposing its host while another host starts or
// enqueues makes Hangfire log through a disposed factory (ObjectDisposedException, seen in about one full run
// in two). Running the classes one after another keeps each host's provider alive while it is in use.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
