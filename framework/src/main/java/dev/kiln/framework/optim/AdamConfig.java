package dev.kiln.framework.optim;

/**
 * Adam hyper-parameters; every default in one place (optax.adam's).
 *
 * @param learningRate step size
 * @param beta1 decay of the first moment
 * @param beta2 decay of the second moment
 * @param eps added to sqrt(v̂), outside the square root (optax {@code eps}; {@code eps_root} = 0)
 * @param l2 coefficient c of the penalty {@code c · Σ ||p||²} added to the loss for the
 *     parameters given to {@link Adam} as L2 parameters; 0 turns it off
 * @param clipNorm if > 0, gradients are scaled by {@code clipNorm / max(globalNorm, clipNorm)}
 *     (optax.clip_by_global_norm) before the moments are updated
 * @param lazyRows if true, an embedding table read only through one lookup (and not
 *     L2-penalised) has only the rows its batch looked up updated, moments included, as
 *     TensorFlow's {@code LazyAdamOptimizer} does; other rows keep their values and moments.
 *     Not optax.adam: it changes the computation. False: every parameter is updated whole
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double eps, double l2,
    double clipNorm, boolean lazyRows) {
  public static AdamConfig defaults() {
    return new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0.0, 0.0, false);
  }

  public AdamConfig withLearningRate(double v) {
    return new AdamConfig(v, beta1, beta2, eps, l2, clipNorm, lazyRows);
  }

  public AdamConfig withL2(double v) {
    return new AdamConfig(learningRate, beta1, beta2, eps, v, clipNorm, lazyRows);
  }

  public AdamConfig withClipNorm(double v) {
    return new AdamConfig(learningRate, beta1, beta2, eps, l2, v, lazyRows);
  }

  public AdamConfig withLazyRows(boolean v) {
    return new AdamConfig(learningRate, beta1, beta2, eps, l2, clipNorm, v);
  }
}
