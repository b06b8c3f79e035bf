"""A BERT encoder in torch whose weights are read from a Hugging Face ONNX export (bge-small,
e5-small, all-MiniLM): the same computation as the ONNX graph, checked to 1e-6 on bge-small."""
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

def read_tokens(path):
    """HiddenStates.java's .tok file: per tweet, its token count and ids (little-endian int32)."""
    a = np.fromfile(path, dtype='<i4'); out = []; i = 0
    while i < len(a):
        n = a[i]; out.append(a[i+1:i+1+n].astype(np.int64)); i += 1 + n
    return out

class Layer(nn.Module):
    def __init__(s, d, heads, ff):
        super().__init__()
        s.h = heads
        s.q = nn.Linear(d, d); s.k = nn.Linear(d, d); s.v = nn.Linear(d, d); s.o = nn.Linear(d, d)
        s.ln1 = nn.LayerNorm(d, eps=1e-12); s.i = nn.Linear(d, ff); s.out = nn.Linear(ff, d)
        s.ln2 = nn.LayerNorm(d, eps=1e-12); s.drop = nn.Dropout(0.1)
    def forward(s, x, bias):
        B, T, D = x.shape; h = s.h; dh = D // h
        q = s.q(x).view(B, T, h, dh).transpose(1, 2)
        k = s.k(x).view(B, T, h, dh).transpose(1, 2)
        v = s.v(x).view(B, T, h, dh).transpose(1, 2)
        att = (q @ k.transpose(-1, -2)) / dh ** 0.5 + bias
        ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, D)
        x = s.ln1(x + s.drop(s.o(ctx)))
        return s.ln2(x + s.drop(s.out(F.gelu(s.i(x)))))

class Bert(nn.Module):
    def __init__(s, vocab, d=384, layers=12, heads=12, ff=1536, maxpos=512):
        super().__init__()
        s.word = nn.Embedding(vocab, d); s.pos = nn.Embedding(maxpos, d); s.typ = nn.Embedding(2, d)
        s.ln = nn.LayerNorm(d, eps=1e-12); s.drop = nn.Dropout(0.1)
        s.layers = nn.ModuleList(Layer(d, heads, ff) for _ in range(layers))
    def embed(s, ids):
        T = ids.shape[1]
        return s.drop(s.ln(s.word(ids) + s.pos(torch.arange(T))[None] + s.typ(torch.zeros_like(ids))))
    def forward(s, ids, mask, start=0, x=None):
        bias = (1.0 - mask[:, None, None, :].float()) * -1e4
        if x is None: x = s.embed(ids)
        for l in s.layers[start:]: x = l(x, bias)
        return x

def from_onnx_bytes(model_bytes):
    """The encoder of a Hugging Face ONNX export, its weights copied into torch."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load_model_from_string(model_bytes)
    init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    # MatMul weights are often anonymous: map them through the node names.
    mat = {}
    for n in m.graph.node:
        if n.op_type == 'MatMul':
            for i in n.input:
                if i in init: mat[n.name] = init[i]
    def W(name):  # node name like /encoder/layer.0/attention/self/query/MatMul
        return torch.tensor(mat[name].T.copy())
    def T(name): return torch.tensor(init[name].copy())
    vocab, d = init['embeddings.word_embeddings.weight'].shape
    nl = sum(1 for k in init if k.endswith('attention.self.query.bias'))
    b = Bert(vocab, d, nl, d // 32, init['encoder.layer.0.intermediate.dense.bias'].shape[0])
    with torch.no_grad():
        b.word.weight.copy_(T('embeddings.word_embeddings.weight'))
        b.pos.weight.copy_(T('embeddings.position_embeddings.weight'))
        b.typ.weight.copy_(T('embeddings.token_type_embeddings.weight'))
        b.ln.weight.copy_(T('embeddings.LayerNorm.weight')); b.ln.bias.copy_(T('embeddings.LayerNorm.bias'))
        for i, l in enumerate(b.layers):
            p = f'encoder.layer.{i}.'; q = f'/encoder/layer.{i}/'
            for lin, a, nb in ((l.q, 'attention/self/query', 'attention.self.query'),
                               (l.k, 'attention/self/key', 'attention.self.key'),
                               (l.v, 'attention/self/value', 'attention.self.value'),
                               (l.o, 'attention/output/dense', 'attention.output.dense'),
                               (l.i, 'intermediate/dense', 'intermediate.dense'),
                               (l.out, 'output/dense', 'output.dense')):
                lin.weight.copy_(W(q + a + '/MatMul')); lin.bias.copy_(T(p + nb + '.bias'))
            l.ln1.weight.copy_(T(p + 'attention.output.LayerNorm.weight')); l.ln1.bias.copy_(T(p + 'attention.output.LayerNorm.bias'))
            l.ln2.weight.copy_(T(p + 'output.LayerNorm.weight')); l.ln2.bias.copy_(T(p + 'output.LayerNorm.bias'))
    return b
