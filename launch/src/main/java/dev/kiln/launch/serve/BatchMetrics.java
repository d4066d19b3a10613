package dev.kiln.launch.serve;

/** What a {@link BatchScheduler} reports: batch sizes and how many requests wait. */
interface BatchMetrics {
  BatchMetrics NONE = new BatchMetrics() {
    @Override
    public void batchRan(int rows) {}

    @Override
    public void queueDepthChanged(int delta) {}
  };

  /** One session run of {@code rows} rows, merged from one or more requests. */
  void batchRan(int rows);

  /** Requests waiting in batch queues went up (positive) or down (negative) by {@code delta}. */
  void queueDepthChanged(int delta);
}
