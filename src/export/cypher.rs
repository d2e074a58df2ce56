//! A Cypher script that creates the graph in Neo4j (`cypher-shell -f`) or
//! in Kuzu, and can be run again without doubling anything.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::str::FromStr;

use super::attributes::{actor_attributes, link_attributes, Type, Value, ACTOR_ATTRIBUTES, LINK_ATTRIBUTES};
use super::text::{cypher_string, kind_label, kuzu_string, neo4j_type};
use crate::graph::{EdgeRef, KnowledgeGraph};

/// Which database's Cypher a script is written for.
///
/// ```
/// use actorgraph::export::CypherDialect;
/// assert_eq!("kuzu".parse::<CypherDialect>().unwrap(), CypherDialect::Kuzu);
/// assert_eq!(CypherDialect::default().to_string(), "neo4j");
/// assert!("sql".parse::<CypherDialect>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum CypherDialect {
    /// Neo4j 5 (`cypher-shell -f`): a uniqueness constraint, labels per
    /// actor kind, `SET n += {…}`, string escapes `\n`, `\uXXXX`.
    #[default]
    Neo4j,
    /// Kuzu: typed node and relationship tables declared first, one label
    /// per node (the kind is a property), `SET n.x = …`, string literals
    /// with only `\\` and `\'` escaped.
    Kuzu,
}

impl CypherDialect {
    /// Every dialect, in the order help texts list them.
    pub const ALL: [CypherDialect; 2] = [CypherDialect::Neo4j, CypherDialect::Kuzu];

    /// The name used by `--dialect`.
    pub fn name(self) -> &'static str {
        match self {
            CypherDialect::Neo4j => "neo4j",
            CypherDialect::Kuzu => "kuzu",
        }
    }
}

impl std::fmt::Display for CypherDialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CypherDialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "neo4j" => Ok(CypherDialect::Neo4j),
            "kuzu" | "kùzu" => Ok(CypherDialect::Kuzu),
            other => Err(format!(
                "unknown Cypher dialect `{other}` (expected {})",
                CypherDialect::ALL.map(CypherDialect::name).join(", ")
            )),
        }
    }
}

/// The graph as a Neo4j Cypher script; see [`to_cypher_dialect`].
///
/// ```
/// use actorgraph::export::to_cypher;
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(), subject: ActorRef::new("Côte d'Ivoire", "x", ActorKind::State),
///     relation: Relation::new("meet"), object: ActorRef::new("Mali", "Mali", ActorKind::State),
///     predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
///     span: (0, 1), rule: "r".into(), text: "…".into(), date: None,
/// }]);
/// let cypher = to_cypher(&g);
/// assert!(cypher.contains(r"MERGE (a:Actor {id: 'Côte d\'Ivoire'}) SET a:State, a += {label: "));
/// assert!(cypher.contains("MERGE (s)-[r:`MEET` {key: 'meet/asserted'}]->(o) SET r += {relation: 'meet'"));
/// ```
pub fn to_cypher(graph: &KnowledgeGraph) -> String {
    to_cypher_dialect(graph, CypherDialect::Neo4j)
}

/// The graph as a Cypher script for `dialect` that can be run any number
/// of times: every actor is `MERGE`d on its `id` and every link on its
/// ends, its type (the relation class in upper case: `SUPPLY`) and its
/// `key` (`relation/modality`, unique among the links of a pair), then
/// their attributes are set. A second run changes nothing; a run with a
/// grown graph adds the new actors and links and updates the rest.
///
/// - [`CypherDialect::Neo4j`]: a uniqueness constraint on `Actor.id`,
///   then `MERGE (a:Actor {id: …}) SET a:State, a += {…}` (the kind as a
///   second label) and `MATCH … MERGE (s)-[r:SUPPLY {key: …}]->(o) SET r +=
///   {…}`, one statement per line.
/// - [`CypherDialect::Kuzu`]: `CREATE NODE TABLE IF NOT EXISTS Actor(…)`
///   and one `CREATE REL TABLE IF NOT EXISTS` per relation class, typed as
///   the attributes are (`INT64`, `BOOLEAN`, `STRING`); nodes carry the one
///   label `Actor` with `kind` as a property, and attributes are set one by
///   one (`SET a.kind = 'state', …`). Kuzu reads no escapes but `\\`, `\'`
///   and `\"` in strings, so a line break in a name or sentence is written
///   as it is and a statement may span lines.
///
/// ```
/// use actorgraph::export::{to_cypher_dialect, CypherDialect};
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(), subject: ActorRef::new("Iran", "Tehran", ActorKind::State),
///     relation: Relation::new("supply"), object: ActorRef::new("Russia", "Moscow", ActorKind::State),
///     predicate: "sent".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
///     span: (0, 30), rule: "r".into(), text: "two\nlines".into(), date: None,
/// }]);
/// let kuzu = to_cypher_dialect(&g, CypherDialect::Kuzu);
/// assert!(kuzu.contains("CREATE NODE TABLE IF NOT EXISTS Actor(id STRING, label STRING, kind STRING, mentions INT64, names STRING, PRIMARY KEY (id));"));
/// assert!(kuzu.contains("CREATE REL TABLE IF NOT EXISTS `SUPPLY`(FROM Actor TO Actor, key STRING, relation STRING"));
/// assert!(kuzu.contains("MERGE (a:Actor {id: 'Iran'}) SET a.label = 'Iran', a.kind = 'state'"));
/// assert!(kuzu.contains("r.evidence = 'two\nlines'"));
/// ```
pub fn to_cypher_dialect(graph: &KnowledgeGraph, dialect: CypherDialect) -> String {
    match dialect {
        CypherDialect::Neo4j => neo4j(graph),
        CypherDialect::Kuzu => kuzu(graph),
    }
}

fn link_key(e: &EdgeRef<'_>) -> String {
    format!("{}/{}", e.edge.relation, e.edge.modality)
}

fn neo4j(graph: &KnowledgeGraph) -> String {
    let mut out = String::from("// actorgraph: run with `cypher-shell -f graph.cypher` (running it again changes nothing)\n");
    out.push_str("CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;\n");
    for a in graph.actors() {
        let _ = writeln!(
            out,
            "MERGE (a:Actor {{id: {}}}) SET a:{}, a += {};",
            cypher_string(a.id.as_str()),
            kind_label(a.kind),
            map(actor_attributes(a), cypher_string)
        );
    }
    for e in graph.edges() {
        let _ = writeln!(
            out,
            "MATCH (s:Actor {{id: {}}}), (o:Actor {{id: {}}}) MERGE (s)-[r:`{}` {{key: {}}}]->(o) SET r += {};",
            cypher_string(e.subject.id.as_str()),
            cypher_string(e.object.id.as_str()),
            neo4j_type(e.edge.relation.as_str()),
            cypher_string(&link_key(&e)),
            map(link_attributes(&e), cypher_string)
        );
    }
    out
}

/// The name of a Kuzu relationship table: the Neo4j type, kept apart from
/// the node table `Actor` (Kuzu's table names ignore case).
fn kuzu_rel_table(relation: &str) -> String {
    let name = neo4j_type(relation);
    if name.eq_ignore_ascii_case("actor") {
        format!("R_{name}")
    } else {
        name
    }
}

fn kuzu_type(ty: Type) -> &'static str {
    match ty {
        Type::Text => "STRING",
        Type::Count => "INT64",
        Type::Flag => "BOOLEAN",
    }
}

fn kuzu(graph: &KnowledgeGraph) -> String {
    let mut out = String::from(
        "// actorgraph: a script for Kuzu (`conn.execute(script)` in Python); running it again changes nothing\n",
    );
    let columns: Vec<String> = ACTOR_ATTRIBUTES.iter().map(|(n, t)| format!("{n} {}", kuzu_type(*t))).collect();
    let _ = writeln!(
        out,
        "CREATE NODE TABLE IF NOT EXISTS Actor(id STRING, {}, PRIMARY KEY (id));",
        columns.join(", ")
    );
    let tables: BTreeSet<String> = graph.edges().map(|e| kuzu_rel_table(e.edge.relation.as_str())).collect();
    let columns: Vec<String> = LINK_ATTRIBUTES.iter().map(|(n, t)| format!("{n} {}", kuzu_type(*t))).collect();
    for table in &tables {
        let _ = writeln!(
            out,
            "CREATE REL TABLE IF NOT EXISTS `{table}`(FROM Actor TO Actor, key STRING, {});",
            columns.join(", ")
        );
    }
    for a in graph.actors() {
        let _ = writeln!(
            out,
            "MERGE (a:Actor {{id: {}}}) SET {};",
            kuzu_string(a.id.as_str()),
            assignments("a", actor_attributes(a))
        );
    }
    for e in graph.edges() {
        let _ = writeln!(
            out,
            "MATCH (s:Actor {{id: {}}}), (o:Actor {{id: {}}}) MERGE (s)-[r:`{}` {{key: {}}}]->(o) SET {};",
            kuzu_string(e.subject.id.as_str()),
            kuzu_string(e.object.id.as_str()),
            kuzu_rel_table(e.edge.relation.as_str()),
            kuzu_string(&link_key(&e)),
            assignments("r", link_attributes(&e))
        );
    }
    out
}

fn literal(value: Value, string: fn(&str) -> String) -> String {
    match value {
        Value::Text(t) => string(&t),
        Value::Count(n) => n.to_string(),
        Value::Flag(b) => b.to_string(),
    }
}

/// `{name: value, …}`.
fn map(attrs: Vec<(&'static str, Value)>, string: fn(&str) -> String) -> String {
    let parts: Vec<String> =
        attrs.into_iter().map(|(name, value)| format!("{name}: {}", literal(value, string))).collect();
    format!("{{{}}}", parts.join(", "))
}

/// `v.name = value, …` (Kuzu has no `SET v += {…}`).
fn assignments(var: &str, attrs: Vec<(&'static str, Value)>) -> String {
    let parts: Vec<String> = attrs
        .into_iter()
        .map(|(name, value)| format!("{var}.{name} = {}", literal(value, kuzu_string)))
        .collect();
    parts.join(", ")
}
