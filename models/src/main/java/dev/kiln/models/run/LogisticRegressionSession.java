package dev.kiln.models.run;

import dev.kiln.framework.Jit;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.train.FeatureClassifierGraph;
import dev.kiln.framework.train.FeatureClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.models.tfidf.LogisticRegression;

/**
 * Opens a {@link LogisticRegression}'s {@link ModelSession} from a config: the optimizer it
 * names, the compiled train and eval steps.
 */
final class LogisticRegressionSession {
  private LogisticRegressionSession() {}

  /** Its weights are the variables {@link LogisticRegression#WEIGHTS} and {@code BIAS}. */
  static ModelSession<FeatureClassifierSteps> open(Config config, int numFeatures) {
    return ModelSession.open(config.getInt("seed"), store -> {
      LogisticRegression regression = new LogisticRegression(store, numFeatures);
      Optimizer optimizer = Optimizers.create(config, store, regression.l2Parameters());
      FeatureClassifierGraph compiled = new FeatureClassifierGraph(store.graph(), regression,
          optimizer, config.getInt("batch_size"), Jit.parse(config.getString("jit")));
      return new ModelSession.Parts<>(optimizer, compiled,
          session -> new FeatureClassifierSteps(compiled, session));
    });
  }
}
