package org.cryoet.learn;

/**
 * Settings of one ICECREAM training run. Defaults follow the reference (swing-research/icecream
 * defaults.yaml): 50,000 iterations, crop 72, batch 8, Adam lr 1e-4 with betas (0.9, 0.999) and
 * eps 1e-8, lambda 2, seed 42, a checkpoint every 5,000 iterations; in addition a checkpoint at least every
 * 10 minutes of wall-clock time, so a killed run never loses more than that.
 *
 * <p>Copies with changed fields come from {@link #toBuilder()}; the builder validates once, in
 * {@link Builder#build()}, so fields that depend on each other (crop and network) can be set in
 * any order.
 *
 * @param network          U-Net shape
 * @param init             weight initialisation (ignored when warm-starting)
 * @param iterations       total optimisation steps (the reference does one extra; we do exactly this many)
 * @param crop             cubic crop edge, a multiple of {@link UNetConfig#sizeDivisor()}
 * @param batch            crops per step (all from one tomogram pair)
 * @param learningRate     Adam learning rate (constant)
 * @param beta1            Adam beta1
 * @param beta2            Adam beta2
 * @param epsilon          Adam epsilon
 * @param lambda           weight of the equivariance term
 * @param seed             seed of weights, crop positions, symmetries and pair order
 * @param checkpointEvery  iterations between checkpoints (0 = only at the end or on stop)
 * @param checkpointMinutes wall-clock minutes between checkpoints (0 = no time-based checkpoints)
 * @param progressEvery    iterations between progress-crop predictions (0 = never)
 * @param device           "auto", "cpu", "gpu" or "gpu:N"
 * @param mixedPrecision   float16 network passes on a GPU (ignored on the CPU)
 * @param maskFraction     minimum mask coverage of an accepted crop (reference 0.5)
 */
public record TrainingConfig(UNetConfig network, UNet3d.Init init, long iterations, int crop, int batch,
                             double learningRate, double beta1, double beta2, double epsilon, double lambda,
                             long seed, long checkpointEvery, double checkpointMinutes, long progressEvery, String device,
                             boolean mixedPrecision, double maskFraction) {

    public TrainingConfig {
        if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0");
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0");
        if (!(lambda >= 0)) throw new IllegalArgumentException("lambda must be >= 0");
        if (checkpointEvery < 0) throw new IllegalArgumentException("checkpoint interval must be >= 0");
        if (!(checkpointMinutes >= 0)) throw new IllegalArgumentException("checkpoint minutes must be >= 0");
        if (progressEvery < 0) throw new IllegalArgumentException("progress interval must be >= 0");
        network.checkCrop(crop);
    }

    /** Default wall-clock interval between checkpoints. */
    public static final double DEFAULT_CHECKPOINT_MINUTES = 10;

    /** The reference defaults. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(UNetConfig.reference(), UNet3d.Init.PYTORCH_DEFAULT, 50_000, 72, 8, 1e-4, 0.9,
                0.999, 1e-8, 2.0, 42, 5_000, DEFAULT_CHECKPOINT_MINUTES, 1_000, "auto", false, 0.5);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a configuration; {@link #build()} checks the combination. */
    public static final class Builder {
        private UNetConfig network;
        private UNet3d.Init init;
        private long iterations;
        private int crop;
        private int batch;
        private double learningRate;
        private double beta1;
        private double beta2;
        private double epsilon;
        private double lambda;
        private long seed;
        private long checkpointEvery;
        private double checkpointMinutes;
        private long progressEvery;
        private String device;
        private boolean mixedPrecision;
        private double maskFraction;

        private Builder(TrainingConfig c) {
            network = c.network;
            init = c.init;
            iterations = c.iterations;
            crop = c.crop;
            batch = c.batch;
            learningRate = c.learningRate;
            beta1 = c.beta1;
            beta2 = c.beta2;
            epsilon = c.epsilon;
            lambda = c.lambda;
            seed = c.seed;
            checkpointEvery = c.checkpointEvery;
            checkpointMinutes = c.checkpointMinutes;
            progressEvery = c.progressEvery;
            device = c.device;
            mixedPrecision = c.mixedPrecision;
            maskFraction = c.maskFraction;
        }

        public Builder network(UNetConfig v) {
            network = v;
            return this;
        }

        public Builder init(UNet3d.Init v) {
            init = v;
            return this;
        }

        public Builder iterations(long v) {
            iterations = v;
            return this;
        }

        public Builder crop(int v) {
            crop = v;
            return this;
        }

        public Builder batch(int v) {
            batch = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder lambda(double v) {
            lambda = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder checkpointEvery(long v) {
            checkpointEvery = v;
            return this;
        }

        public Builder checkpointMinutes(double v) {
            checkpointMinutes = v;
            return this;
        }

        public Builder progressEvery(long v) {
            progressEvery = v;
            return this;
        }

        public Builder device(String v) {
            device = v;
            return this;
        }

        public Builder mixedPrecision(boolean v) {
            mixedPrecision = v;
            return this;
        }

        public Builder maskFraction(double v) {
            maskFraction = v;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(network, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon,
                    lambda, seed, checkpointEvery, checkpointMinutes, progressEvery, device, mixedPrecision,
                    maskFraction);
        }
    }
}
