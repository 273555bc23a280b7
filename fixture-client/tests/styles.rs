//! The `styles` fixture over HTTP: every parameter style OpenAPI 3.0.3 defines, sent to a server
//! on 127.0.0.1 that records each request's raw request line and headers, checked against the
//! rows of OpenAPI's "Style Examples" table for `"blue"`, `["blue", "black", "brown"]` and
//! `{"R": 100, "G": 200, "B": 150}`. An object's fields go out sorted by wire name (`B`, `G`, `R`);
//! the brackets of `deepObject` and the pipes of `pipeDelimited` are percent-encoded, as OpenAPI
//! 3.0.4 clarifies, and decode to the table's `color[R]=100` and `blue|black|brown`.

use std::sync::{Arc, Mutex};

use fixture_styles::types;
use fixture_styles::{Client, Error, QueryStylesParams, RetryPolicy};
use percent_encoding::percent_decode_str;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server that answers every request with 204 and keeps its head (request line and headers).
struct Recorder {
    base_url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
        let base_url = format!("http://{}", listener.local_addr().expect("the bound address"));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&heads);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.ends_with(b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                kept.lock().unwrap().push(String::from_utf8_lossy(&head).into_owned());
                let answer = b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
                let _ = socket.write_all(answer).await;
            }
        });
        Recorder { base_url, heads }
    }

    fn client(&self) -> Client {
        Client::builder("test-token").base_url(&self.base_url).retry(RetryPolicy::none()).build().expect("client")
    }

    /// The request target of the one request received since the last call: path and query.
    fn target(&self) -> String {
        let head = self.head();
        let line = head.lines().next().unwrap_or_default();
        line.strip_prefix("GET ").and_then(|rest| rest.strip_suffix(" HTTP/1.1")).unwrap_or(line).to_string()
    }

    fn head(&self) -> String {
        let mut heads = self.heads.lock().unwrap();
        assert_eq!(heads.len(), 1, "one request expected: {heads:?}");
        heads.remove(0)
    }
}

fn colors() -> types::Colors {
    vec!["blue".into(), "black".into(), "brown".into()]
}

fn rgb() -> types::Rgb {
    types::Rgb::new(150, 200, 100)
}

/// The query string the method sends for one parameter set alone.
async fn query(server: &Recorder, params: QueryStylesParams) -> String {
    server.client().query_styles(&params).await.expect("the server answers 204");
    let target = server.target();
    target.strip_prefix("/query?").unwrap_or(&target).to_string()
}

#[tokio::test]
async fn query_parameters_follow_the_style_table() {
    let server = Recorder::start().await;
    let form = query(&server, QueryStylesParams { color: Some(colors()), ..Default::default() }).await;
    assert_eq!(form, "color=blue&color=black&color=brown");
    let ids = query(&server, QueryStylesParams { ids: Some(vec![1, 2, 3]), ..Default::default() }).await;
    assert_eq!(ids, "ids=1,2,3");
    let fields = vec![types::Field::Clicks, types::Field::Unknown("cost,per click".into())];
    let fields = query(&server, QueryStylesParams { fields: Some(fields), ..Default::default() }).await;
    assert_eq!(fields, "fields=clicks,cost%2Cper%20click", "a value's own comma is encoded");
    let point = query(&server, QueryStylesParams { point: Some(rgb()), ..Default::default() }).await;
    assert_eq!(point, "B=150&G=200&R=100");
    let list = query(&server, QueryStylesParams { rgb: Some(rgb()), ..Default::default() }).await;
    assert_eq!(list, "rgb=B,150,G,200,R,100");
    let deep = query(&server, QueryStylesParams { filter: Some(rgb()), ..Default::default() }).await;
    assert_eq!(deep, "filter%5BB%5D=150&filter%5BG%5D=200&filter%5BR%5D=100");
    assert_eq!(percent_decode_str(&deep).decode_utf8_lossy(), "filter[B]=150&filter[G]=200&filter[R]=100");
    let spaced = query(&server, QueryStylesParams { spaced: Some(colors()), ..Default::default() }).await;
    assert_eq!(spaced, "spaced=blue%20black%20brown");
    let piped = query(&server, QueryStylesParams { piped: Some(colors()), ..Default::default() }).await;
    assert_eq!(piped, "piped=blue%7Cblack%7Cbrown");
    assert_eq!(percent_decode_str(&piped).decode_utf8_lossy(), "piped=blue|black|brown");
    let spaced_rgb = query(&server, QueryStylesParams { spaced_rgb: Some(rgb()), ..Default::default() }).await;
    assert_eq!(spaced_rgb, "spacedRgb=B%20150%20G%20200%20R%20100");
}

#[tokio::test]
async fn query_parameters_keep_argument_order_and_leave_absent_ones_out() {
    let server = Recorder::start().await;
    let params = QueryStylesParams { ids: Some(vec![]), point: Some(rgb()), limit: Some(5), ..Default::default() };
    let all = query(&server, params).await;
    // An empty array is `ids=` where its items share one pair, as in the table's "empty" column.
    assert_eq!(all, "ids=&B=150&G=200&R=100&limit=5");
    server.client().query_styles(&QueryStylesParams::default()).await.expect("204");
    assert_eq!(server.target(), "/query", "no parameter, no `?`");
}

#[tokio::test]
async fn maps_and_undefined_combinations_are_written_as_documented() {
    let server = Recorder::start().await;
    let tags = vec!["a,b".to_string(), "c d".to_string()];
    let counts = [("x".to_string(), 1), ("y".to_string(), 2)].into_iter().collect();
    let items = vec![rgb()];
    let nested = types::QueryMoreNested { name: Some("n".into()), rgb: Some(rgb()) };
    let (deep_list, piped) = (vec!["p".to_string(), "q".to_string()], vec!["s".to_string()]);
    let client = server.client();
    client.query_more(&tags, &counts, Some(&items), Some(&nested), Some(&deep_list), Some(&piped)).await.unwrap();
    let target = server.target();
    let (path, query) = target.split_once('?').expect("a query");
    assert_eq!(path, "/query/more");
    let pairs: Vec<&str> = query.split('&').collect();
    let json_rgb = "%7B%22B%22%3A150%2C%22G%22%3A200%2C%22R%22%3A100%7D";
    let nested_rgb = format!("nested%5Brgb%5D={json_rgb}");
    let expected = [
        "tags=a%2Cb,c%20d",
        "x=1",
        "y=2",
        &format!("items={json_rgb}"),
        "nested%5Bname%5D=n",
        &nested_rgb,
        "deepList=p",
        "deepList=q",
        "pipedExploded=s",
    ];
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn path_parameters_follow_the_style_table() {
    let server = Recorder::start().await;
    let (client, colors, rgb) = (server.client(), colors(), rgb());
    client.simple_path("a b/c", &colors, &rgb, &rgb).await.expect("204");
    assert_eq!(server.target(), "/simple/a%20b%2Fc/blue,black,brown/B,150,G,200,R,100/B=150,G=200,R=100");
    client.label_path(&types::Field::Spend, &colors, &rgb, &rgb).await.expect("204");
    assert_eq!(server.target(), "/label/.spend/.blue.black.brown/.B.150.G.200.R.100/.B=150.G=200.R=100");
    client.matrix_path(7, &colors, &colors, &rgb, &rgb).await.expect("204");
    let matrix = [
        "/matrix/;id=7",
        ";list=blue,black,brown",
        ";listExploded=blue;listExploded=black;listExploded=brown",
        ";rgb=B,150,G,200,R,100",
        ";B=150;G=200;R=100",
    ];
    assert_eq!(server.target(), matrix.join("/"));
}

#[tokio::test]
async fn path_values_are_encoded_and_empty_labels_refused() {
    let server = Recorder::start().await;
    let (client, rgb) = (server.client(), rgb());
    let odd = vec!["a.b".to_string(), "c;d=e,f".to_string()];
    client.label_path(&types::Field::Reach, &odd, &rgb, &rgb).await.expect("204");
    assert!(server.target().starts_with("/label/.reach/.a%2Eb.c%3Bd%3De%2Cf/"), "{}", server.target());
    client.matrix_path(1, &odd, &odd, &rgb, &rgb).await.expect("204");
    assert!(server.target().starts_with("/matrix/;id=1/;list=a.b,c%3Bd%3De%2Cf/"), "{}", server.target());
    // An empty label is `.`, a dot segment, which would reach another resource: nothing is sent.
    let error = client.label_path(&types::Field::Reach, &vec![], &rgb, &rgb).await.unwrap_err();
    let Error::InvalidRequest(message) = &error else { panic!("{error:?}") };
    assert!(message.contains("`list`") && message.contains("dot segment"), "{message}");
    assert!(server.heads.lock().unwrap().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn header_parameters_are_simple() {
    let server = Recorder::start().await;
    let (client, colors, rgb) = (server.client(), colors(), rgb());
    client.header_styles(&colors, &rgb, Some(&rgb), Some(&vec![1, 2])).await.expect("204");
    let head = server.head().to_ascii_lowercase();
    for header in
        ["x-list: blue,black,brown", "x-rgb: b,150,g,200,r,100", "x-rgb-exploded: b=150,g=200,r=100", "x-ids: 1,2"]
    {
        assert!(head.lines().any(|line| line == header), "{header} in {head}");
    }
    client.header_styles(&colors, &rgb, None, None).await.expect("204");
    let head = server.head().to_ascii_lowercase();
    assert!(!head.contains("x-rgb-exploded") && !head.contains("x-ids"), "{head}");
}
