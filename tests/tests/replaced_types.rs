//! `[replace]` (tests/fixtures/replace): the schemas `Money` and `Currency` are replaced by the
//! hand-written types of `tests/replacement-money`. The generated crate uses them under the
//! schemas' names, and still checks their constraints on the raw JSON: the server (400), the
//! client before it sends and when it reads, and `from_json`.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fixture_replace::client::{Client, ClientError};
use fixture_replace::models::{ListPricesParams, Price, QuoteRequest};
use fixture_replace::responses::{
    CreatePriceResponse, ListPricesResponse, RequestQuoteResponse, SetBalanceResponse,
};
use fixture_replace::server::{
    Api, CreatePriceRequest, ListPricesRequest, RequestQuoteRequest, SetBalanceRequest, router,
};
use fixture_replace::{Model, Validate};
use replacement_money::{Currency, Money};
use serde_json::json;
use tower::ServiceExt;

const AMOUNT: &str = r"must match the pattern ^-?[0-9]+\.[0-9]{2}$";
const CURRENCY: &str = "must be one of EUR, USD, GBP (enum)";

fn price() -> Price {
    Price::new("coffee", Money::new("2.50", "EUR")).with_discounts(vec![Money::new("-0.50", "EUR")])
}

fn strings(errors: &fixture_replace::ValidationErrors) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}

#[test]
fn the_replacement_is_the_type_under_the_schemas_name() {
    // The generated names are the replacement types themselves.
    let money: fixture_replace::models::Money = Money::new("1.00", "USD");
    let currency: fixture_replace::models::Currency = Currency("GBP".into());
    assert_eq!(money.currency.0, "USD");
    assert_eq!(currency, Currency("GBP".into()));

    let value = json!({
        "name": "coffee",
        "price": {"amount": "2.50", "currency": "EUR"},
        "discounts": [{"amount": "-0.50", "currency": "EUR"}]
    });
    let read: Price = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(read, price());
    assert_eq!(serde_json::to_value(&read).unwrap(), value);
    assert_eq!(Price::from_json(&value.to_string()).unwrap(), price());
}

/// The typed check skips the replaced members (the replacement has no `Validate` of the
/// generated crate); the schema check of the raw JSON reports their constraints.
#[test]
fn the_replaced_schema_is_still_checked_on_the_raw_json() {
    let bad = Price::new("", Money::new("2.5", "eur"));
    assert_eq!(
        strings(&bad.validate().unwrap_err()),
        ["/name: must be at least 1 character long (minLength), found 0"]
    );
    let text = serde_json::to_string(&bad).unwrap();
    assert_eq!(
        strings(&Price::from_json(&text).unwrap_err()),
        [
            "/name: must be at least 1 character long (minLength), found 0".to_owned(),
            format!("/price/amount: {AMOUNT}"),
            format!("/price/currency: {CURRENCY}"),
        ]
    );
}

#[derive(Clone, Default)]
struct Shop {
    received: Arc<Mutex<Vec<String>>>,
    /// What `set_balance` answers (else the balance it was given).
    answer: Option<Money>,
}

impl Api for Shop {
    async fn list_prices(&self, request: ListPricesRequest) -> ListPricesResponse {
        self.received
            .lock()
            .unwrap()
            .push(format!("{:?}", request.params));
        let currency = request.params.currency.unwrap_or(Currency("EUR".into()));
        let price = Price::new("tea", Money::new("1.20", &currency.0));
        ListPricesResponse::Ok { body: vec![price] }
    }

    async fn create_price(&self, request: CreatePriceRequest) -> CreatePriceResponse {
        self.received
            .lock()
            .unwrap()
            .push(format!("{:?}", request.body));
        CreatePriceResponse::Created { body: request.body }
    }

    async fn request_quote(&self, request: RequestQuoteRequest) -> RequestQuoteResponse {
        self.received
            .lock()
            .unwrap()
            .push(format!("{:?}", request.body));
        RequestQuoteResponse::Ok {
            body: Money::new("3.00", &request.body.currency.0),
        }
    }

    async fn set_balance(&self, request: SetBalanceRequest) -> SetBalanceResponse {
        self.received
            .lock()
            .unwrap()
            .push(format!("{:?}", request.body));
        SetBalanceResponse::Ok {
            body: self.answer.clone().unwrap_or(request.body),
        }
    }
}

async fn serve(shop: Shop) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(shop);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Client::new(format!("http://{addr}"))
}

#[tokio::test]
async fn replaced_types_round_trip_through_the_client_and_the_server() {
    let shop = Shop::default();
    let client = serve(shop.clone()).await;

    let CreatePriceResponse::Created { body } = client.create_price(&price()).await.unwrap() else {
        panic!("not created")
    };
    assert_eq!(body, price());

    let balance = Money::new("100.00", "GBP");
    let SetBalanceResponse::Ok { body } = client.set_balance(&balance).await.unwrap();
    assert_eq!(body, balance);

    let params = ListPricesParams::default().with_currency(Currency("USD".into()));
    let ListPricesResponse::Ok { body } = client.list_prices(&params).await.unwrap();
    assert_eq!(body, [Price::new("tea", Money::new("1.20", "USD"))]);

    // A form body holding a replaced type.
    let quote = QuoteRequest::new(Currency("GBP".into())).with_units(2);
    let RequestQuoteResponse::Ok { body } = client.request_quote(&quote).await.unwrap();
    assert_eq!(body, Money::new("3.00", "GBP"));
    assert_eq!(shop.received.lock().unwrap().len(), 4);
}

#[tokio::test]
async fn the_client_checks_replaced_types_before_sending_and_when_reading() {
    let shop = Shop::default();
    let client = serve(shop.clone()).await;
    let refused = |result: Result<(), ClientError>| match result {
        Err(ClientError::InvalidRequest(errors)) => strings(&errors),
        other => panic!("not refused: {other:?}"),
    };
    let bad = Price::new("coffee", Money::new("2.5", "EUR"));
    let errors = refused(client.create_price(&bad).await.map(drop));
    assert_eq!(errors, [format!("body/price/amount: {AMOUNT}")]);
    let errors = refused(
        client
            .set_balance(&Money::new("1.00", "eur"))
            .await
            .map(drop),
    );
    assert_eq!(errors, [format!("body/currency: {CURRENCY}")]);
    let params = ListPricesParams::default().with_currency(Currency("XXX".into()));
    let errors = refused(client.list_prices(&params).await.map(drop));
    assert_eq!(errors, [format!("query/currency: {CURRENCY}")]);
    let quote = QuoteRequest::new(Currency("gbp".into())).with_units(0);
    let errors = refused(client.request_quote(&quote).await.map(drop));
    assert_eq!(
        errors,
        [
            format!("body/currency: {CURRENCY}"),
            "body/units: must be at least 1 (minimum)".to_owned()
        ]
    );
    assert!(
        shop.received.lock().unwrap().is_empty(),
        "something was sent"
    );

    // A response whose replaced member breaks the spec is invalid.
    let shop = Shop {
        answer: Some(Money::new("lots", "EUR")),
        ..Shop::default()
    };
    let client = serve(shop).await;
    match client.set_balance(&Money::new("1.00", "EUR")).await {
        Err(ClientError::InvalidResponse { problem, .. }) => {
            assert_eq!(problem, format!("body/amount: {AMOUNT}"));
        }
        other => panic!("not invalid: {other:?}"),
    }
}

/// Status and error list of a request to the router.
async fn call(request: Request<Body>) -> (StatusCode, Vec<String>) {
    let response = router(Shop::default()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let errors = body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    (status, errors)
}

fn json_request(method: &str, uri: &str, body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn the_server_reports_the_replaced_schemas_constraints() {
    let (status, errors) = call(json_request(
        "POST",
        "/prices",
        json!({"name": "coffee", "price": {"amount": "2.5", "currency": "EUR"},
               "discounts": [{"amount": "1.00"}]}),
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        errors,
        [
            format!("body/price/amount: {AMOUNT}"),
            "body/discounts/0/currency: is required".to_owned()
        ]
    );

    let (status, errors) = call(json_request(
        "PUT",
        "/balance",
        json!({"amount": "1.00", "currency": "eur"}),
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(errors, [format!("body/currency: {CURRENCY}")]);

    let request = Request::get("/prices?currency=XXX")
        .body(Body::empty())
        .unwrap();
    let (status, errors) = call(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(errors, [format!("query/currency: {CURRENCY}")]);

    let request = Request::post("/quotes")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("currency=XXX&units=2"))
        .unwrap();
    let (status, errors) = call(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(errors, [format!("body/currency: {CURRENCY}")]);

    let request = Request::get("/prices?currency=GBP")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(request).await.0, StatusCode::OK);
}

/// The mock's examples read into the replacement types and pass the response checks.
#[tokio::test]
async fn the_mock_answers_with_replaced_types() {
    let mock = fixture_replace::mock::spawn().await.unwrap();
    let client = Client::new(mock.url());
    let SetBalanceResponse::Ok { body } = client
        .set_balance(&Money::new("1.00", "EUR"))
        .await
        .unwrap();
    assert_eq!(body.amount, "12.50");
    let ListPricesResponse::Ok { body } = client
        .list_prices(&ListPricesParams::default())
        .await
        .unwrap();
    assert!(
        body.iter().all(|price| price.price.amount == "12.50"),
        "{body:?}"
    );
    mock.stop().await.unwrap();
}
