package org.cryoet.learn;

/**
 * Settings of one training run. Defaults follow the ICECREAM reference (swing-research/icecream
 * defaults.yaml): method ICECREAM with lambda 2, 50,000 iterations, crop 72, batch 8, Adam lr 1e-4
 * with betas (0.9, 0.999) and eps 1e-8, seed 42, a checkpoint every 5,000 iterations; in addition a
 * checkpoint at least every 10 minutes of wall-clock time, so a killed run never loses more than that.
 *
 * <p>Copies with changed fields come from {@link #toBuilder()}; the builder validates once, in
 * {@link Builder#build()}, so fields that depend on each other (crop and network) can be set in
 * any order.
 *
 * @param method           training method and its parameters (resolved: every declared parameter present)
 * @param loss             registry name of the {@link LossFunction} the method's terms use (default l2)
 * @param network          network type and shape
 * @param init             weight initialisation (ignored when warm-starting)
 * @param iterations       total optimisation steps (the reference does one extra; we do exactly this many)
 * @param crop             cubic crop edge, a multiple of {@link NetworkSpec#sizeDivisor()}
 * @param batch            crops per step (all from one tomogram pair)
 * @param learningRate     Adam learning rate (constant)
 * @param beta1            Adam beta1
 * @param beta2            Adam beta2
 * @param epsilon          Adam epsilon
 * @param seed             seed of weights, crop positions, symmetries and pair order
 * @param checkpointEvery  iterations between checkpoints (0 = only at the end or on stop)
 * @param checkpointMinutes wall-clock minutes between checkpoints (0 = no time-based checkpoints)
 * @param progressEvery    iterations between progress-crop predictions (0 = never)
 * @param device           "auto", "cpu", "gpu" or "gpu:N"
 * @param mixedPrecision   float16 network passes on a GPU (ignored on the CPU)
 * @param maskFraction     minimum mask coverage of an accepted crop (reference 0.5)
 */
public record TrainingConfig(MethodSpec method, String loss, NetworkSpec network, UNet3d.Init init, long iterations, int crop,
                             int batch, double learningRate, double beta1, double beta2, double epsilon, long seed, long checkpointEvery, double checkpointMinutes, long progressEvery, String device,
                             boolean mixedPrecision, double maskFraction) {

    public TrainingConfig {
        if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0");
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0");
        method = method.resolved();
        loss = LossFunctions.byName(loss).name();
        if (checkpointEvery < 0) throw new IllegalArgumentException("checkpoint interval must be >= 0");
        if (!(checkpointMinutes >= 0)) throw new IllegalArgumentException("checkpoint minutes must be >= 0");
        if (progressEvery < 0) throw new IllegalArgumentException("progress interval must be >= 0");
        network.checkCrop(crop);
    }

    /** Default wall-clock interval between checkpoints. */
    public static final double DEFAULT_CHECKPOINT_MINUTES = 10;

    /** Registry name of the method trained unless another is chosen. */
    public static final String DEFAULT_METHOD = "icecream";

    /** The reference defaults. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(MethodSpec.defaults(DEFAULT_METHOD), LossFunctions.DEFAULT, UNetConfig.reference(),
                UNet3d.Init.PYTORCH_DEFAULT, 50_000, 72, 8, 1e-4, 0.9, 0.999, 1e-8, 42, 5_000, DEFAULT_CHECKPOINT_MINUTES, 1_000, "auto", false, 0.5);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a configuration; {@link #build()} checks the combination. */
    public static final class Builder {
        private MethodSpec method;
        private String loss;
        private NetworkSpec network;
        private UNet3d.Init init;
        private long iterations;
        private int crop;
        private int batch;
        private double learningRate;
        private double beta1;
        private double beta2;
        private double epsilon;
        private long seed;
        private long checkpointEvery;
        private double checkpointMinutes;
        private long progressEvery;
        private String device;
        private boolean mixedPrecision;
        private double maskFraction;

        private Builder(TrainingConfig c) {
            method = c.method;
            loss = c.loss;
            network = c.network;
            init = c.init;
            iterations = c.iterations;
            crop = c.crop;
            batch = c.batch;
            learningRate = c.learningRate;
            beta1 = c.beta1;
            beta2 = c.beta2;
            epsilon = c.epsilon;
            seed = c.seed;
            checkpointEvery = c.checkpointEvery;
            checkpointMinutes = c.checkpointMinutes;
            progressEvery = c.progressEvery;
            device = c.device;
            mixedPrecision = c.mixedPrecision;
            maskFraction = c.maskFraction;
        }

        /** Another training method, with its default parameters. */
        public Builder method(String name) {
            method = MethodSpec.defaults(name);
            return this;
        }

        /** One parameter of the current method (checked by {@link #build()}). */
        public Builder methodParameter(String name, double value) {
            method = method.with(name, value);
            return this;
        }

        /** The loss function by registry name (checked by {@link #build()}). */
        public Builder loss(String name) {
            loss = name;
            return this;
        }

        public Builder network(NetworkSpec v) {
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
            return new TrainingConfig(method, loss, network, init, iterations, crop, batch, learningRate, beta1, beta2,
                    epsilon, seed, checkpointEvery, checkpointMinutes, progressEvery, device, mixedPrecision,
                    maskFraction);
        }
    }
}
