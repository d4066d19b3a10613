package dev.kiln.launch;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.LabelledTextSplit;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.datasets.DatasetBuilders;
import dev.kiln.datasets.tfds.DatasetBuilder;
import dev.kiln.datasets.tfds.PreparedDataset;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.MetricsLogListener;
import dev.kiln.framework.train.ProgressDisplay;
import dev.kiln.framework.train.TrainingListener;
import dev.kiln.models.run.MaskedLmPretraining;
import dev.kiln.models.run.RunWorkdir;
import dev.kiln.models.transformer.mlm.PretrainingCorpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln pretrain --preset sst2-transformer-mlm --workdir W}: masked-LM pre-training of a
 * preset's encoder ({@link MaskedLmPretraining}) on the train split's sentences plus IMDB review
 * text when {@code imdb_reviews} is prepared in the data dir; on a workdir with checkpoints,
 * continues from the latest one.
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description = {
      "Pre-trains a preset's Transformer encoder as a masked language model (BERT's 15%% masking,"
          + " 80/10/10) on the train split's sentences, plus the text of imdb_reviews train and"
          + " test, cut into max_input_length windows, when that dataset is prepared in the data"
          + " dir (./kiln prepare imdb_reviews). The vocabulary is the train split's, as the"
          + " classifier's. Writes config.json, vocab.txt, metrics.jsonl (one line per"
          + " pretrain_eval_every_steps steps: masked-LM loss and masked-token accuracy on the"
          + " eval split) and checkpoints/ to the workdir; on a workdir with checkpoints it"
          + " resumes from the latest one.",
      "Then fine-tune: ./kiln train --preset sst2-transformer-mlm --set pretrained_workdir=W."
    })
final class PretrainCommand implements Callable<Integer> {
  static final String IMDB = "imdb_reviews";

  @Spec CommandSpec spec;

  @Mixin RunOptions options;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    RunStart run = options.start("-pretrain", false, "");
    Path runDir = run.runDir();
    Config config = run.config();
    MaskedLmPretraining pretraining = new MaskedLmPretraining(config, runDir);
    PreparedDataset dataset = run.dataset(options.source, options.dataDir.resolve(), out);
    String trainSplit = config.getString("train_split");
    String evalSplit = config.getString("eval_split");
    String text = config.getString("text_feature");
    String label = config.getString("label_feature");
    List<String> sentences = texts(dataset, trainSplit, text, label);
    Vocabulary vocabulary = Vocabulary.builder().minFreq(config.getInt("min_freq"))
        .addAll(sentences).build();
    int maxLength = config.getInt("max_input_length");
    PretrainingCorpus corpus = new PretrainingCorpus(vocabulary, maxLength)
        .addSentences(config.getString("dataset") + " " + trainSplit, sentences);
    DatasetBuilder imdb = DatasetBuilders.forName(IMDB);
    if (config.getBoolean("pretrain_imdb")) {
      if (imdb.alreadyPrepared(options.dataDir.resolve()).isPresent()) {
        PreparedDataset reviews = imdb.open(options.dataDir.resolve());
        for (String split : List.of("train", "test")) {
          corpus.addDocuments(IMDB + " " + split, texts(reviews, split, "text", "label"));
        }
      } else {
        out.println("Not using " + IMDB + ": not prepared in " + options.dataDir.resolve()
            + " (./kiln prepare " + IMDB + " --data-dir " + options.dataDir.resolve() + ")");
      }
    }
    PretrainingCorpus eval = new PretrainingCorpus(vocabulary, maxLength).addSentences(
        config.getString("dataset") + " " + evalSplit,
        texts(dataset, evalSplit, text, label));

    out.printf(Locale.ROOT, "Pre-training the encoder of %s as a masked LM (jit=%s), %d steps of"
            + " %d sequences, evaluated every %d steps; vocabulary %d tokens + [MASK]; workdir %s%n",
        config.preset(), config.getString("jit"), config.getInt("pretrain_steps"),
        config.getInt("pretrain_batch_size"), config.getInt("pretrain_eval_every_steps"),
        vocabulary.size(), runDir);
    for (PretrainingCorpus.Part part : corpus.parts()) {
      out.printf(Locale.ROOT, "  corpus: %s, %d texts -> %d sequences%n", part.name(),
          part.texts(), part.sequences());
    }
    out.printf(Locale.ROOT, "  total: %d sequences of at most %d tokens; eval: %s, %d sequences%n",
        corpus.size(), maxLength, eval.parts().get(0).name(), eval.size());
    out.println("  (a progress \"epoch\" below is one round of "
        + config.getInt("pretrain_eval_every_steps") + " steps; loss and accuracy are the"
        + " masked-LM cross-entropy and masked-token accuracy)");
    List<TrainingListener> listeners = List.of(
        new PretrainProgressListener(ProgressDisplay.forConsole()),
        new MetricsLogListener(run.metrics()));
    if (run.resumeFrom().isPresent()) {
      pretraining.resume(vocabulary, corpus.build(), eval.build(), listeners,
          run.announceResume(out));
    } else {
      out.flush();
      pretraining.run(vocabulary, corpus.build(), eval.build(), listeners);
    }
    CheckpointRecord latest = CheckpointState.read(runDir.resolve(
        RunWorkdir.CHECKPOINT_DIR)).orElseThrow().latest();
    out.printf(Locale.ROOT, "Pre-trained %d steps: eval masked-LM loss %.4f, masked-token"
            + " accuracy %.2f%%. Fine-tune with: ./kiln train --preset %s --set"
            + " pretrained_workdir=%s%n",
        latest.progress().globalStep(), latest.metrics().get("eval_loss"),
        100 * latest.metrics().get("eval_accuracy"), config.preset(), runDir);
    return 0;
  }

  /** The texts of a split, read with the names of its text and label features. */
  private static List<String> texts(PreparedDataset dataset, String split, String text,
      String label) {
    return LabelledTextSplit.read(dataset, split, text, label).stream()
        .map(LabelledText::text).toList();
  }
}
