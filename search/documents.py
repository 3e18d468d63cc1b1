"""The Elasticsearch mapping of the archive, as elasticsearch-dsl Document classes.

Chinese text is indexed as character bigrams (``ngram`` 2–2 over letters and
digits) with a unigram sub-field for one-character words; a query word is a
``match_phrase`` on them, which is a substring match — the rule core.cjk
defines and the database backend follows. bench/es_analyzers.md has the
measurements against the ``cjk``, smartcn and ICU analyzers that chose it.
Text arrives normalised (NFKC, lower case, 繁体 as 简体) from Python, so no normalising
filter is needed here and both backends see the same characters.
"""

from elasticsearch_dsl import Date, Document, Keyword, Text, analyzer, tokenizer


def _ngram_analyzer(name: str, n: int):
    """Every run of ``n`` letters or digits is a token."""
    return analyzer(
        name,
        tokenizer=tokenizer(
            name, "ngram", min_gram=n, max_gram=n, token_chars=["letter", "digit"]
        ),
    )


bigram = _ngram_analyzer("archive_bigram", 2)
unigram = _ngram_analyzer("archive_unigram", 1)


class ArchiveDocument(Document):
    """One case, history version, referral or complaint; the id is the index key."""

    key = Keyword()  # the document id again: ties in a date sort break on it
    kind = Keyword()
    case_number = Keyword()
    number = Keyword()
    title = Keyword(index=False)
    body = Text(index=False)
    text = Text(analyzer=bigram, fields={"uni": Text(analyzer=unigram)})
    names = Keyword()
    idents = Keyword()
    township = Keyword()
    village = Keyword()
    assistance_type = Keyword()
    status = Keyword()
    channel = Keyword()
    handler = Keyword()
    user = Keyword()
    record = Keyword()
    at = Date(default_timezone="UTC")

    class Meta:
        dynamic = "strict"
        # The normalised text is rebuilt from title, body and names; not kept twice.
        source = {"excludes": ["text"]}

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def from_doc(cls, doc, index: str) -> "ArchiveDocument":
        return cls(
            meta={"id": doc.key, "index": index},
            key=doc.key,
            kind=doc.kind,
            case_number=doc.case_number,
            number=doc.number,
            title=doc.title,
            body=doc.body,
            text=doc.text,
            names=doc.names,
            idents=doc.idents,
            township=doc.township,
            village=doc.village,
            assistance_type=doc.assistance_type,
            status=doc.status,
            channel=doc.channel,
            handler=doc.handler,
            user=doc.user,
            record=doc.record,
            at=doc.at,
        )
