package dev.kiln.launch.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Queues {@link BatchTask}s by batch key and hands batches to {@code numBatchThreads} threads,
 * as TensorFlow Serving's basic batch scheduler does: a task joins the newest open batch of its
 * key if its rows fit within {@code maxBatchSize}, else opens a new one; a batch runs when it is
 * full, when a newer batch of its key exists, or when its first task has waited {@code
 * batchTimeoutMicros}. Each key holds at most {@code maxEnqueuedBatches} batches; past that
 * {@link #schedule} refuses the task with a 503.
 */
final class BatchScheduler implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BatchScheduler.class.getName());
  private static final long CLOSE_WAIT_SECONDS = 30;

  /** Tasks merged into one run, the oldest first. */
  private static final class Batch {
    final long createdNanos = System.nanoTime();
    final List<BatchTask> tasks = new ArrayList<>();
    int rows;
  }

  private final BatchingParameters parameters;
  private final Consumer<List<BatchTask>> processor;
  private final BatchMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Open and waiting batches by key; a key's entry is removed when it has none. */
  private final Map<Object, Deque<Batch>> queues = new HashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private boolean closing;

  /**
   * @param processor runs one batch and completes each of its tasks' results; a task it leaves
   *     incomplete (by throwing) is failed with what it threw
   */
  BatchScheduler(String name, BatchingParameters parameters, Consumer<List<BatchTask>> processor,
      BatchMetrics metrics) {
    this.parameters = parameters;
    this.processor = processor;
    this.metrics = metrics;
    for (int i = 0; i < parameters.numBatchThreads(); i++) {
      Thread thread = new Thread(this::work, "kiln-batch-" + name + "-" + (i + 1));
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /**
   * Queues {@code task} under {@code key} (tasks of one key can be merged).
   *
   * @throws HttpError 503 if the key already holds {@code maxEnqueuedBatches} and the task fits
   *     none of them, or the scheduler is closing
   */
  void schedule(Object key, BatchTask task) {
    lock.lock();
    try {
      if (closing) {
        throw new HttpError(503, "the model version is being unloaded; retry");
      }
      Deque<Batch> queue = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
      Batch open = queue.peekLast();
      if (open == null || open.rows + task.rows() > parameters.maxBatchSize()) {
        if (queue.size() >= parameters.maxEnqueuedBatches()) {
          throw new HttpError(503, "the batch queue is full (" + queue.size()
              + " batches of up to " + parameters.maxBatchSize()
              + " rows waiting, --max-enqueued-batches); retry later");
        }
        open = new Batch();
        queue.addLast(open);
      }
      open.tasks.add(task);
      open.rows += task.rows();
      metrics.queueDepthChanged(1);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    while (true) {
      Batch batch;
      try {
        batch = next();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      run(batch);
    }
  }

  /** Waits for a batch ready to run and takes it; null once closing with nothing queued. */
  private Batch next() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        long timeout = TimeUnit.MICROSECONDS.toNanos(parameters.batchTimeoutMicros());
        long waitNanos = Long.MAX_VALUE;
        Object readyKey = null;
        Batch ready = null;
        for (Map.Entry<Object, Deque<Batch>> entry : queues.entrySet()) {
          Deque<Batch> queue = entry.getValue();
          Batch head = queue.peekFirst();
          long waited = now - head.createdNanos;
          boolean full = head.rows >= parameters.maxBatchSize() || queue.size() > 1;
          if (full || waited >= timeout || closing) {
            if (ready == null || head.createdNanos < ready.createdNanos) {
              ready = head;
              readyKey = entry.getKey();
            }
          } else {
            waitNanos = Math.min(waitNanos, timeout - waited);
          }
        }
        if (ready != null) {
          Deque<Batch> queue = queues.get(readyKey);
          queue.removeFirst();
          if (queue.isEmpty()) {
            queues.remove(readyKey);
          }
          metrics.queueDepthChanged(-ready.tasks.size());
          if (!queues.isEmpty()) {
            changed.signal(); // another thread may take the next one
          }
          return ready;
        }
        if (closing) {
          return null;
        }
        if (waitNanos == Long.MAX_VALUE) {
          changed.await();
        } else {
          changed.awaitNanos(waitNanos);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void run(Batch batch) {
    try {
      metrics.batchRan(batch.rows);
      processor.accept(batch.tasks);
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "A batch of " + batch.rows + " rows failed", e);
      for (BatchTask task : batch.tasks) {
        task.result().completeExceptionally(e);
      }
    }
  }

  /** Runs what is queued, then stops the threads (waiting up to 30 s for them). */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Thread thread : threads) {
      if (thread == Thread.currentThread()) {
        continue; // closed from a batch thread: it stops after its batch
      }
      try {
        thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
