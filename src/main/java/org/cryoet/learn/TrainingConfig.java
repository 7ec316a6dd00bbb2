package org.cryoet.learn;

/**
 * Settings of one ICECREAM training run. Defaults follow the reference (swing-research/icecream
 * defaults.yaml): 50,000 iterations, crop 72, batch 8, Adam lr 1e-4 with betas (0.9, 0.999) and
 * eps 1e-8, lambda 2, seed 42, a checkpoint every 5,000 iterations.
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
 * @param progressEvery    iterations between progress-crop predictions (0 = never)
 * @param device           "auto", "cpu", "gpu" or "gpu:N"
 * @param mixedPrecision   float16 network passes on a GPU (ignored on the CPU)
 * @param maskFraction     minimum mask coverage of an accepted crop (reference 0.5)
 */
public record TrainingConfig(UNetConfig network, UNet3d.Init init, long iterations, int crop, int batch,
                             double learningRate, double beta1, double beta2, double epsilon, double lambda,
                             long seed, long checkpointEvery, long progressEvery, String device,
                             boolean mixedPrecision, double maskFraction) {

    public TrainingConfig {
        if (iterations < 0) throw new IllegalArgumentException("iterations must be >= 0");
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0");
        if (!(lambda >= 0)) throw new IllegalArgumentException("lambda must be >= 0");
        network.checkCrop(crop);
    }

    /** The reference defaults. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(UNetConfig.reference(), UNet3d.Init.PYTORCH_DEFAULT, 50_000, 72, 8, 1e-4, 0.9,
                0.999, 1e-8, 2.0, 42, 5_000, 1_000, "auto", false, 0.5);
    }

    public TrainingConfig withNetwork(UNetConfig n) {
        return new TrainingConfig(n, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withInit(UNet3d.Init i) {
        return new TrainingConfig(network, i, iterations, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withIterations(long n) {
        return new TrainingConfig(network, init, n, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withCrop(int c) {
        return new TrainingConfig(network, init, iterations, c, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withBatch(int b) {
        return new TrainingConfig(network, init, iterations, crop, b, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(network, init, iterations, crop, batch, lr, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withLambda(double l) {
        return new TrainingConfig(network, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon, l,
                seed, checkpointEvery, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(network, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                s, checkpointEvery, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withCheckpointEvery(long n) {
        return new TrainingConfig(network, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, n, progressEvery, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withProgressEvery(long n) {
        return new TrainingConfig(network, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, n, device, mixedPrecision, maskFraction);
    }

    public TrainingConfig withDevice(String d) {
        return new TrainingConfig(network, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, d, mixedPrecision, maskFraction);
    }

    public TrainingConfig withMixedPrecision(boolean mp) {
        return new TrainingConfig(network, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, device, mp, maskFraction);
    }

    public TrainingConfig withMaskFraction(double f) {
        return new TrainingConfig(network, init, iterations, crop, batch, learningRate, beta1, beta2, epsilon, lambda,
                seed, checkpointEvery, progressEvery, device, mixedPrecision, f);
    }
}
