package org.cryoet.learn;

import ai.djl.ndarray.NDManager;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A self-supervised training method: how the network is trained on pairs of half tomograms and
 * how a trained network is applied to a tile. The training loop ({@link Trainer}) knows only this
 * interface; implementations are found by name in {@link TrainingMethods} (registered as
 * {@link java.util.ServiceLoader} services in {@code META-INF/services/org.cryoet.learn.TrainingMethod}),
 * so adding a method changes no core class.
 */
public interface TrainingMethod {

    /** Registry name, lower case (model.json, {@link MethodSpec}). */
    String name();

    /** Name for people (plot titles, logs). */
    String title();

    /** What it is built to restore; default: both noise and the missing wedge. */
    default Set<Restoration> restorations() {
        return EnumSet.allOf(Restoration.class);
    }

    /**
     * Why it is not built for a restoration it does not declare (one sentence, for reports), or
     * the empty string for a declared one.
     */
    default String notBuiltFor(Restoration r) {
        return "";
    }

    /** The numeric parameters it accepts, in the order they are recorded. */
    List<MethodParameter> parameters();

    /**
     * Whether its loss terms are built from the configured {@link LossFunction} ({@code --loss}).
     * A method with a loss of its own (DeepDeWedge's weighted Fourier loss, IsoNet's L1) says
     * false, and the trainer then accepts only {@link LossFunctions#DEFAULT}.
     */
    default boolean usesLossFunction() {
        return true;
    }

    /** The named parts of its loss, in order, for the given (resolved) parameters. */
    List<LossTerm> lossTerms(MethodSpec spec);

    /**
     * Edge of the crops the trainer samples for this method's batches ({@link TrainingBatch#halfA()}),
     * given the network crop {@code crop} (the {@link TrainingSetup#crop()}). Default: the network
     * crop itself. A method that resamples its crops (e.g. rotates them by arbitrary angles and
     * cuts the network crop from the centre) asks for larger ones here; the trainer then checks
     * that every tomogram is at least this large and draws crops of this edge.
     */
    default int sampleCrop(MethodSpec spec, int crop) {
        return crop;
    }

    /**
     * Prepares the operators of one training run (per-pair filters, caches) on the run's manager,
     * whose tensors live until training ends.
     */
    PreparedMethod prepare(TrainingSetup setup);

    /**
     * The per-tile prediction of a trained model: how many network passes, with which operators
     * between them. Operators the function caches belong to {@code manager}; each call works in
     * its own sub-scope, so nothing else stays on the device between calls.
     *
     * @param network the trained network
     * @param model   the model's description (recorded tilt range, crop, method parameters)
     * @param manager owner of cached operators (the model's manager)
     */
    TileFunction tileFunction(Network network, ModelInfo model, NDManager manager);
}
