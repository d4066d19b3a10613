/**
 * Where a run is put together and reopened: its workdir ({@link dev.kiln.models.run.RunWorkdir}),
 * the trainer its config's model needs ({@link dev.kiln.models.run.Classifiers}), the model session
 * with its optimizer and compiled steps, resume from a checkpoint, masked-LM pre-training, and the
 * trained classifier behind {@code eval} and {@code export} ({@link
 * dev.kiln.models.run.TrainedClassifier}).
 *
 * <p>Which device a run's graph is placed on and how many workers share its batches are decided
 * here, next to the session and the trainer; the model families ({@code lstm}, {@code cnn}, {@code
 * tfidf}, {@code transformer}) only build graphs and name presets, and never import this package.
 */
package dev.kiln.models.run;
