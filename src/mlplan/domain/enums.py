"""Closed vocabularies of the public contract; values are snake_case and never renamed."""

from __future__ import annotations

from enum import StrEnum


class TaskType(StrEnum):
    """What the model predicts; drives metrics, splits and candidate models."""

    BINARY_CLASSIFICATION = "binary_classification"
    MULTICLASS_CLASSIFICATION = "multiclass_classification"
    MULTILABEL_CLASSIFICATION = "multilabel_classification"
    REGRESSION = "regression"
    FORECASTING = "forecasting"
    RANKING = "ranking"
    RECOMMENDATION = "recommendation"
    CLUSTERING = "clustering"
    ANOMALY_DETECTION = "anomaly_detection"

    @property
    def is_classification(self) -> bool:
        return self in _CLASSIFICATION

    @property
    def is_ranking(self) -> bool:
        return self in (TaskType.RANKING, TaskType.RECOMMENDATION)


_CLASSIFICATION = frozenset(
    {
        TaskType.BINARY_CLASSIFICATION,
        TaskType.MULTICLASS_CLASSIFICATION,
        TaskType.MULTILABEL_CLASSIFICATION,
    }
)


class Modality(StrEnum):
    TABULAR = "tabular"
    TEXT = "text"
    IMAGE = "image"
    TIME_SERIES = "time_series"
    AUDIO = "audio"
    GRAPH = "graph"
    EVENT_LOGS = "event_logs"


class Regulation(StrEnum):
    GDPR = "gdpr"
    CCPA = "ccpa"
    HIPAA = "hipaa"
    PCI_DSS = "pci_dss"
    EU_AI_ACT = "eu_ai_act"
    FCRA = "fcra"
    ECOA = "ecoa"
    GLBA = "glba"
    COPPA = "coppa"
    FERPA = "ferpa"
    SOX = "sox"
    LGPD = "lgpd"
    PIPEDA = "pipeda"


class ServingMode(StrEnum):
    BATCH = "batch"
    REALTIME = "realtime"
    STREAMING = "streaming"
    EDGE = "edge"


class SplitStrategy(StrEnum):
    """How rows are assigned to train / validation / test."""

    RANDOM = "random"
    STRATIFIED = "stratified"
    KFOLD = "kfold"
    TIME_BASED = "time_based"
    GROUP = "group"
    STRATIFIED_GROUP = "stratified_group"
    GROUP_TIME_BASED = "group_time_based"
    SOURCE_GROUPED = "source_grouped"
    UNKNOWN = "unknown"

    @property
    def respects_time(self) -> bool:
        return self in (SplitStrategy.TIME_BASED, SplitStrategy.GROUP_TIME_BASED)

    @property
    def respects_groups(self) -> bool:
        return self in (
            SplitStrategy.GROUP,
            SplitStrategy.STRATIFIED_GROUP,
            SplitStrategy.GROUP_TIME_BASED,
            SplitStrategy.SOURCE_GROUPED,
        )


class CVMethod(StrEnum):
    NONE = "none"
    KFOLD = "kfold"
    STRATIFIED_KFOLD = "stratified_kfold"
    GROUP_KFOLD = "group_kfold"
    STRATIFIED_GROUP_KFOLD = "stratified_group_kfold"
    EXPANDING_WINDOW = "expanding_window"
    SLIDING_WINDOW = "sliding_window"
    ROLLING_ORIGIN = "rolling_origin"


class MetricName(StrEnum):
    """Metrics mlplan knows how to reason about; ``other`` keeps parsed plans representable."""

    ACCURACY = "accuracy"
    BALANCED_ACCURACY = "balanced_accuracy"
    PRECISION = "precision"
    RECALL = "recall"
    F1 = "f1"
    F_BETA = "f_beta"
    ROC_AUC = "roc_auc"
    PR_AUC = "pr_auc"
    RECALL_AT_PRECISION = "recall_at_precision"
    PRECISION_AT_RECALL = "precision_at_recall"
    PRECISION_AT_K = "precision_at_k"
    LOG_LOSS = "log_loss"
    BRIER = "brier"
    MACRO_F1 = "macro_f1"
    MICRO_F1 = "micro_f1"
    WEIGHTED_F1 = "weighted_f1"
    TOP_K_ACCURACY = "top_k_accuracy"
    HAMMING_LOSS = "hamming_loss"
    SUBSET_ACCURACY = "subset_accuracy"
    MCC = "mcc"
    ECE = "ece"
    RMSE = "rmse"
    MAE = "mae"
    MAPE = "mape"
    SMAPE = "smape"
    WAPE = "wape"
    MASE = "mase"
    R2 = "r2"
    RMSLE = "rmsle"
    PINBALL_LOSS = "pinball_loss"
    INTERVAL_COVERAGE = "interval_coverage"
    NDCG_AT_K = "ndcg_at_k"
    MAP_AT_K = "map_at_k"
    MRR = "mrr"
    RECALL_AT_K = "recall_at_k"
    HIT_RATE_AT_K = "hit_rate_at_k"
    CATALOG_COVERAGE = "catalog_coverage"
    SILHOUETTE = "silhouette"
    DAVIES_BOULDIN = "davies_bouldin"
    CALINSKI_HARABASZ = "calinski_harabasz"
    ADJUSTED_RAND_INDEX = "adjusted_rand_index"
    DETECTION_DELAY = "detection_delay"
    OTHER = "other"


class Origin(StrEnum):
    """Where a brief fact came from: said by the user, measured in their data file, derived
    from what they said, or a default. Precedence when two disagree: stated > measured >
    inferred > assumed (a disagreement between stated and measured becomes an open question)."""

    STATED = "stated"
    MEASURED = "measured"
    INFERRED = "inferred"
    ASSUMED = "assumed"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Section(StrEnum):
    """Plan sections, as named in findings and citations."""

    PROBLEM_FRAMING = "problem_framing"
    OVERVIEW = "overview"
    DATA = "data"
    FEATURES = "features"
    MODEL = "model"
    TRAINING = "training"
    EVALUATION = "evaluation"
    DEPLOYMENT = "deployment"
    MONITORING = "monitoring"
    TIMELINE = "timeline"
    ANY = "any"


class InteractionMode(StrEnum):
    API = "api"
    APP = "app"
    DASHBOARD = "dashboard"
    EMBEDDED = "embedded"
    BATCH_EXPORT = "batch_export"


class RolloutStrategy(StrEnum):
    SHADOW = "shadow"
    CANARY = "canary"
    BLUE_GREEN = "blue_green"
    AB_TEST = "ab_test"
    BIG_BANG = "big_bang"
    NONE = "none"


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class FitScope(StrEnum):
    """Which rows a fitted preprocessing / selection step has seen."""

    TRAINING_FOLDS = "training_folds"
    ALL_DATA = "all_data"
    UNKNOWN = "unknown"


class ModelFamily(StrEnum):
    HEURISTIC = "heuristic"
    LINEAR = "linear"
    TREE = "tree"
    RANDOM_FOREST = "random_forest"
    GBDT = "gbdt"
    ENSEMBLE = "ensemble"
    NEURAL_NET = "neural_net"
    CNN = "cnn"
    TRANSFORMER = "transformer"
    LLM = "llm"
    STATISTICAL = "statistical"
    MATRIX_FACTORISATION = "matrix_factorisation"
    TWO_TOWER = "two_tower"
    LEARNING_TO_RANK = "learning_to_rank"
    NEAREST_NEIGHBOUR = "nearest_neighbour"
    ISOLATION_FOREST = "isolation_forest"
    AUTOENCODER = "autoencoder"
    CLUSTERING = "clustering"
    OTHER = "other"

    @property
    def is_heavy(self) -> bool:
        """Large models whose latency needs a mitigation under tight budgets (rule D02)."""
        return self in (
            ModelFamily.NEURAL_NET,
            ModelFamily.TRANSFORMER,
            ModelFamily.LLM,
            ModelFamily.ENSEMBLE,
            ModelFamily.CNN,
        )
